export { startTracing, stopTracing, tracingEnvironment } from './start-tracing';
export { isTracing } from './tracing-state';
export { HooklineAttributes } from './hookline-attributes';
export { consumedRecordAttributes, eventAttributes } from './message-attributes';
export { annotateServerSpan, inClientSpan, inConsumerSpan, startRecordSpans } from './spans';
export type { MessageSpan, RecordSpans } from './spans';
