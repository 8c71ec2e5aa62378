/** Headers that say why a record was dead-lettered and where it came from, so it can be found and replayed. */
export function deadLetterHeaders(
  reason: string,
  source: { topic: string; partition: number; offset: string },
): Record<string, string> {
  return {
    'hookline-dlq-reason': reason.slice(0, 2_000),
    'hookline-dlq-source-topic': source.topic,
    'hookline-dlq-source-partition': String(source.partition),
    'hookline-dlq-source-offset': source.offset,
    'hookline-dlq-at': new Date().toISOString(),
  };
}
