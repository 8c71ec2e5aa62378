/**
 * The machine's ceiling for the same work: a bare kafkajs consumer reads hookline.events.v1 (committed
 * records, as delivery does) and POSTs each record's value with undici (keep-alive) to the same receiver.
 * No routing, signing, limits, outcomes, retries or offset commits: nothing Hookline adds.
 */
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Agent, request } from 'undici';

const PARALLEL_POSTS = 256;

export class CeilingPipeline {
  private consumer?: Consumer;
  private readonly agent = new Agent({ connections: 64, keepAliveTimeout: 30_000 });

  constructor(
    private readonly brokers: string[],
    private readonly topic: string,
    private readonly url: string,
    private readonly partitions: number,
    private readonly groupId: string,
  ) {}

  async start(): Promise<void> {
    const kafka = new Kafka({ brokers: this.brokers, clientId: 'bench-ceiling', logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({
      groupId: this.groupId,
      maxWaitTimeInMs: 50,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: this.partitions,
      eachBatch: async ({ batch }) => {
        for (let start = 0; start < batch.messages.length; start += PARALLEL_POSTS) {
          await Promise.all(
            batch.messages.slice(start, start + PARALLEL_POSTS).map(async (message) => {
              const response = await request(this.url, {
                method: 'POST',
                body: message.value ?? '',
                headers: { 'content-type': 'application/json' },
                dispatcher: this.agent,
              });
              await response.body.dump();
            }),
          );
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.agent.close();
  }
}
