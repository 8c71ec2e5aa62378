/** One record of `hookline.ingest.v1`, as the consumer hands it over. */
export interface IngestRecord {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | string | Array<Buffer | string> | undefined>;
}

export interface ConsumeIngestRecordsCommand {
  topic: string;
  partition: number;
  records: IngestRecord[];
  /** The last offset the batch covers (records the consumer runtime dead-lettered included). */
  lastOffset: string;
  /** Dead-letters a record with its reason through the consumer runtime; resolves once Kafka has it. */
  deadLetter: (
    record: IngestRecord,
    reason: string,
    options: { tenantId?: string; eventId?: string; reasonClass: 'invalid' | 'reserved-type' },
  ) => Promise<void>;
}

export interface ConsumeIngestRecordsResult {
  /** The last offset handled (accepted, duplicate, dead-lettered or already applied). */
  lastOffset: string;
  deadLettered: number;
}
