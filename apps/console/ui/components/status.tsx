import type { ComponentChildren } from 'preact';
import type { EndpointState } from '../api-types';

const STATE_LABELS: Record<EndpointState | 'unknown', string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  failing: 'Failing',
  disabled: 'Disabled',
  unknown: 'No attempts yet',
};

export function StateBadge({ state }: { state: EndpointState | undefined }) {
  const key = state ?? 'unknown';
  return <span class={`badge badge-${key}`}>{STATE_LABELS[key]}</span>;
}

export function ErrorBox({ error, title }: { error: Error | undefined; title?: string }) {
  if (error === undefined) return null;
  const fields = (error as { fieldErrors?: Array<{ field: string; message: string }> }).fieldErrors ?? [];
  return (
    <div class="error" role="alert">
      <strong>{title ?? 'Something went wrong'}:</strong> {error.message}
      {fields.length > 0 && (
        <ul>
          {fields.map((field) => (
            <li key={field.field}>
              <code>{field.field}</code>: {field.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export function Loading() {
  return (
    <p class="loading" aria-live="polite">
      Loading…
    </p>
  );
}

export function When({ at }: { at: string | null }) {
  if (at === null) return <span class="muted">never</span>;
  return (
    <time dateTime={at} title={at}>
      {relativeTime(at)}
    </time>
  );
}

export function relativeTime(at: string, now = Date.now()): string {
  const seconds = Math.round((now - Date.parse(at)) / 1000);
  if (seconds < 60) return `${Math.max(seconds, 0)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}
