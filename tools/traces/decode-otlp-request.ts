import { spansOf, type OtlpTraceRequest, type ReceivedSpan } from './otlp-span';

interface ProtobufMessageType {
  decode(bytes: Uint8Array): OtlpTraceRequest;
}

/**
 * The protobuf message types the OpenTelemetry JS exporters encode with (protobufjs, generated from the
 * OTLP .proto files). Not part of the package's public entry, so it is loaded here only, lazily; the
 * decoder's spec round-trips a request through the package's own serializer, so a move is noticed.
 */
function exportTraceServiceRequest(): ProtobufMessageType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const root = require('@opentelemetry/otlp-transformer/build/src/generated/root') as {
    opentelemetry: {
      proto: { collector: { trace: { v1: { ExportTraceServiceRequest: ProtobufMessageType } } } };
    };
  };
  return root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
}

export class UnsupportedOtlpEncoding extends Error {}

/** Decodes an OTLP/HTTP trace export body, `application/json` or `application/x-protobuf`, into spans. */
export function decodeOtlpTraceRequest(contentType: string | undefined, body: Buffer): ReceivedSpan[] {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return spansOf(JSON.parse(body.toString('utf8')) as OtlpTraceRequest);
  if (type === 'application/x-protobuf') return spansOf(exportTraceServiceRequest().decode(body));
  throw new UnsupportedOtlpEncoding(`unsupported content-type "${type}" (expected JSON or protobuf)`);
}
