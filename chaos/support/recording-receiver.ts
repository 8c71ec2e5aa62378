import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface Receipt {
  path: string;
  webhookId: string;
  /** The CloudEvent id in the body (undefined when the body was not JSON with an id). */
  eventId: string | undefined;
  status: number;
  receivedAt: number;
}

export interface ReceiptReply {
  status: number;
  headers?: Record<string, string | undefined>;
  delayMs?: number;
}

/**
 * A webhook receiver on 127.0.0.1 that keeps one small receipt per request (no bodies or headers), so a run
 * of 100k deliveries fits in memory: what the consumer-kill and broker-restart scenarios count. `reply`
 * scripts the answer; `handlers` take over a path entirely (a receiver that streams or hangs).
 */
export class RecordingReceiver {
  readonly receipts: Receipt[] = [];
  reply: (receipt: Receipt) => ReceiptReply = () => ({ status: 200 });
  readonly handlers = new Map<string, (request: IncomingMessage, response: ServerResponse) => void>();
  /** The most requests open at once (arrived, not yet answered) per path. */
  readonly maxOpenByPath = new Map<string, number>();
  private readonly openByPath = new Map<string, number>();
  private server?: Server;
  private port = 0;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const path = request.url ?? '';
      const handler = this.handlers.get(path);
      if (handler !== undefined) return handler(request, response);
      const open = (this.openByPath.get(path) ?? 0) + 1;
      this.openByPath.set(path, open);
      this.maxOpenByPath.set(path, Math.max(this.maxOpenByPath.get(path) ?? 0, open));
      response.once('close', () => this.openByPath.set(path, (this.openByPath.get(path) ?? 1) - 1));
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const receipt: Receipt = {
          path,
          webhookId: String(request.headers['webhook-id'] ?? ''),
          eventId: eventIdOf(Buffer.concat(chunks)),
          status: 0,
          receivedAt: Date.now(),
        };
        const reply = this.reply(receipt);
        receipt.status = reply.status;
        this.receipts.push(receipt);
        const send = () => response.writeHead(reply.status, definedHeaders(reply.headers)).end();
        if (reply.delayMs === undefined) send();
        else setTimeout(send, reply.delayMs).unref();
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Receipts answered 2xx on one path. */
  succeeded(path: string): Receipt[] {
    return this.receipts.filter((receipt) => receipt.path === path && receipt.status < 300);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function definedHeaders(headers: Record<string, string | undefined> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function eventIdOf(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}

/** The delivery-count audit: expected webhook-ids against what arrived with a 2xx. */
export interface DeliveryAudit {
  expected: number;
  uniqueDelivered: number;
  missing: number;
  duplicates: number;
  /** Requests whose webhook-id is not the one its (tenant, event, endpoint) must carry. */
  wrongIds: number;
}

export function auditDeliveries(
  receipts: Receipt[],
  expected: Map<string, string>,
  path: string,
): DeliveryAudit {
  const seen = new Map<string, number>();
  let wrongIds = 0;
  for (const receipt of receipts) {
    if (receipt.path !== path || receipt.status >= 300) continue;
    const wanted = receipt.eventId === undefined ? undefined : expected.get(receipt.eventId);
    if (wanted === undefined) continue;
    if (wanted !== receipt.webhookId) wrongIds++;
    seen.set(receipt.eventId!, (seen.get(receipt.eventId!) ?? 0) + 1);
  }
  const duplicates = [...seen.values()].reduce((sum, count) => sum + count - 1, 0);
  return {
    expected: expected.size,
    uniqueDelivered: seen.size,
    missing: expected.size - seen.size,
    duplicates,
    wrongIds,
  };
}
