import { formatGoFloat, GoInt, TemplateError } from './go-values';
import { TemplateEvaluator } from './template-evaluator';
import { parseTemplate } from './template-parser';
import { ValueTracker } from './value-tracker';

/** Renders one template source the way render-chart does, with `values` tracked as `.Values`. */
function render(source: string, values: Record<string, unknown> = {}): { text: string; missing: string[] } {
  const template = parseTemplate(source, 'test.yaml');
  const tracker = new ValueTracker();
  tracker.track(values, '.Values');
  const release = { Name: 'rel', Namespace: 'ns' };
  tracker.track(release, '.Release', true);
  const text = new TemplateEvaluator(template.defines, tracker).execute(template.body, {
    Values: values,
    Release: release,
  });
  return { text, missing: [...tracker.missing] };
}

const text = (source: string, values: Record<string, unknown> = {}): string => render(source, values).text;

describe('Go template subset', () => {
  it('trims whitespace on the side of a dash marker only, and drops comments', () => {
    expect(text('a  \n  {{- "b" }}  \n{{ "c" -}}\n\n  d')).toBe('ab  \ncd');
    expect(text('x\n{{- /* a comment */ -}}\ny')).toBe('xy');
    expect(text('x {{/* kept spaces */}} y')).toBe('x  y');
  });

  it('chooses the first true branch of if / else if / else, with Go truthiness', () => {
    const source = '{{ if .Values.a }}a{{ else if .Values.b }}b{{ else }}none{{ end }}';
    expect(text(source, { a: 'x', b: true })).toBe('a');
    expect(text(source, { a: '', b: true })).toBe('b');
    expect(text(source, { a: 0, b: [] })).toBe('none');
    expect(text(source, { a: {}, b: false })).toBe('none');
  });

  it('ranges over a map in sorted key order, over a list with its index, and falls to else when empty', () => {
    expect(text('{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}', { m: { b: 2, a: 1 } })).toBe(
      'a=1;b=2;',
    );
    expect(text('{{ range $i, $v := .Values.l }}{{ $i }}:{{ . }} {{ end }}', { l: ['x', 'y'] })).toBe(
      '0:x 1:y ',
    );
    expect(text('{{ range .Values.l }}{{ . }}{{ else }}empty{{ end }}', { l: [] })).toBe('empty');
    expect(text('{{ range .Values.l }}{{ $.Release.Name }}{{ end }}', { l: [1, 2] })).toBe('relrel');
  });

  it('moves the dot with `with` and keeps $ at the root', () => {
    expect(
      text('{{ with .Values.db }}{{ .host }}@{{ $.Release.Namespace }}{{ end }}', { db: { host: 'pg' } }),
    ).toBe('pg@ns');
    expect(text('{{ with .Values.db }}x{{ else }}no db{{ end }}', { db: null })).toBe('no db');
  });

  it('includes named templates with their own dot and $, and pipes the result on', () => {
    const source =
      '{{ define "greet" }}hi {{ .name }}{{ end }}{{ include "greet" (dict "name" "ada") | quote }}';
    expect(text(source)).toBe('"hi ada"');
  });

  it('scopes variables to their block and lets = assign an outer one', () => {
    expect(text('{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}')).toBe('2');
    expect(() => text('{{ if true }}{{ $y := 3 }}{{ end }}{{ $y }}')).toThrow(/undefined variable \$y/);
  });

  it('formats values with Helm functions as Helm does', () => {
    const values = { resources: { limits: { memory: '512Mi' }, requests: { cpu: '100m' } } };
    expect(text('r:{{ toYaml .Values.resources | nindent 2 }}', values)).toBe(
      'r:\n  limits:\n    memory: 512Mi\n  requests:\n    cpu: 100m',
    );
    expect(text('{{ printf "%s-%s" "a" "b" | trunc 3 | trimSuffix "-" }}')).toBe('a-b');
    expect(
      text('{{ "x-" | trimSuffix "-" }}|{{ quote .Values.none }}|{{ .Values.n | quote }}', { n: 3 }),
    ).toBe('x||"3"');
    expect(text('{{ b64enc "hook" }} {{ sha256sum "" | trunc 8 }}')).toBe('aG9vaw== e3b0c442');
  });

  it('treats false and 0 as unset in default, as sprig does', () => {
    expect(text('{{ .Values.flag | default true }}', { flag: false })).toBe('true');
    expect(text('{{ .Values.n | default 5 }}', { n: 0 })).toBe('5');
    expect(text('{{ .Values.s | default "d" }}', { s: 'given' })).toBe('given');
  });

  it('prints large numbers from values in exponent form, as Helm does (int keeps them whole)', () => {
    expect(formatGoFloat(1_000_000)).toBe('1e+06');
    expect(formatGoFloat(1_500_000)).toBe('1.5e+06');
    expect(formatGoFloat(120_000)).toBe('120000');
    expect(formatGoFloat(0.5)).toBe('0.5');
    expect(text('{{ .Values.big }} {{ int .Values.big }}', { big: 1_000_000 })).toBe('1e+06 1000000');
  });

  it('refuses to compare a float64 from values with an int literal, as Go does', () => {
    expect(() => text('{{ if gt .Values.n 3 }}{{ end }}', { n: 4 })).toThrow(/incompatible types/);
    expect(text('{{ if gt (int .Values.n) 3 }}big{{ end }}', { n: 4 })).toBe('big');
    expect(text('{{ if eq .Values.s "a" "b" }}yes{{ end }}', { s: 'b' })).toBe('yes');
    expect(text('{{ if eq .Values.missing "a" }}yes{{ else }}no{{ end }}')).toBe('no');
  });

  it('short-circuits and/or so a guarded nested lookup is safe', () => {
    expect(text('{{ if and .Values.tls .Values.tls.enabled }}tls{{ else }}plain{{ end }}')).toBe('plain');
    expect(text('{{ or .Values.a .Values.b "c" }}', { a: '', b: 'b' })).toBe('b');
  });

  it('records lookups of keys that values do not define, with their full path', () => {
    const result = render(
      '{{ .Values.kafka.brokers }}{{ index .Values.kafka "sasl" }}{{ hasKey .Values "x" }}',
      {
        kafka: {},
      },
    );
    expect(result.missing.sort()).toEqual(['.Values.kafka.brokers', '.Values.kafka.sasl']);
  });

  it('fails like Helm on a nil pointer, a required value, fail, and unknown fields of built-in objects', () => {
    expect(() => text('{{ .Values.a.b }}')).toThrow(/nil pointer/);
    expect(() => text('{{ required "db url is required" .Values.url }}', { url: '' })).toThrow(
      /db url is required/,
    );
    expect(() => text('{{ fail "no" }}')).toThrow(TemplateError);
    expect(() => text('{{ .Release.Nmae }}')).toThrow(/has no field Nmae/);
  });

  it('rejects what is outside the subset instead of ignoring it', () => {
    expect(() => text('{{ tpl "x" . }}')).toThrow(/"tpl" is not in the renderer's subset/);
    expect(() => text('{{ block "x" . }}{{ end }}')).toThrow(/outside the renderer's subset/);
    expect(() => text('{{ if true }}unclosed')).toThrow(/without end/);
    expect(() => text('{{ .Values.m }}', { m: { a: 1 } })).toThrow(/use toYaml/);
  });

  it('builds maps with dict and set, and parses YAML back with fromYaml', () => {
    const source =
      '{{ $m := dict "b" 1 }}{{ $_ := set $m "a" (int 2) }}{{ range $k, $v := $m }}{{ $k }}{{ $v }}{{ end }}';
    expect(text(source)).toBe('a2b1');
    expect(text('{{ $m := "x: 1\\ny: two" | fromYaml }}{{ $m.y }}')).toBe('two');
    expect(new GoInt(3).value).toBe(3);
  });
});
