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
}

export interface ConsumeIngestRecordsResult {
  /** The last offset handled (accepted, duplicate, dead-lettered or already applied). */
  lastOffset: string | undefined;
  deadLettered: number;
}
