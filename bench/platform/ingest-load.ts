/**
 * The load: events published to the ingest topic with a plain kafkajs producer, as an upstream system
 * would (docs/event-contract.md, "Submitting on Kafka"). Each event is tagged with its run (`data.run`) and
 * the time it left (`data.sentAt`), and padded so the webhook body the receiver gets is about 1 KiB.
 */
import { Kafka, logLevel, type Message, type Producer } from 'kafkajs';

/** Brings the delivered CloudEvents envelope (≈ 230 bytes of attributes) to about 1 KiB. */
const PAD = 'x'.repeat(700);
const CHUNK = 1_000;
const IN_FLIGHT = 4;

export interface LoadTarget {
  tenant: string;
  /** Event type of the i-th event: spreads events over the subscribed endpoints. */
  typeOf(i: number): string;
  /** Run tag of the i-th event (what the receiver groups it under). */
  runOf(i: number): string;
}

export class IngestLoad {
  private readonly producer: Producer;
  private sequence = 0;

  constructor(
    brokers: string[],
    private readonly topic: string,
  ) {
    this.producer = new Kafka({ brokers, clientId: 'bench-load', logLevel: logLevel.NOTHING }).producer();
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  private message(target: LoadTarget, i: number): Message {
    const n = this.sequence++;
    const type = target.typeOf(i);
    const subject = `s${n % 10_000}`;
    return {
      key: `${target.tenant}:${type.split('.')[0]}:${subject}`,
      value: JSON.stringify({
        id: `bench_${n}`,
        type,
        subject,
        tenant: target.tenant,
        data: { run: target.runOf(i), sentAt: Date.now(), n, pad: PAD },
      }),
    };
  }

  private async send(messages: Message[]): Promise<void> {
    await this.producer.send({ topic: this.topic, acks: -1, messages });
  }

  /** Publishes `count` events as fast as the broker takes them (up to 4 chunks of 1,000 in flight). */
  async publishBacklog(
    target: LoadTarget,
    count: number,
    signal: AbortSignal,
    onProgress?: (sent: number) => void,
  ): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        signal.throwIfAborted();
        const start = next;
        next = Math.min(count, next + CHUNK);
        await this.send(Array.from({ length: next - start }, (_, j) => this.message(target, start + j)));
        onProgress?.(next);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  }

  /** Publishes at about `perSecond` for `durationMs` (sends every 20 ms what is due); returns how many. */
  async publishAtRate(
    target: LoadTarget,
    perSecond: number,
    durationMs: number,
    signal: AbortSignal,
  ): Promise<number> {
    const tickMs = 20;
    const started = Date.now();
    let sent = 0;
    while (Date.now() - started < durationMs) {
      signal.throwIfAborted();
      const due = Math.floor(((Date.now() - started) / 1_000) * perSecond);
      if (due > sent) {
        const from = sent;
        sent = due;
        await this.send(Array.from({ length: due - from }, (_, j) => this.message(target, from + j)));
      }
      await new Promise((resolve) => setTimeout(resolve, tickMs));
    }
    return sent;
  }
}
