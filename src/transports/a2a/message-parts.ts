/**
 * The default mapping between A2A parts and what `invoke` takes and returns: text and data
 * parts in, text or data parts out. Files travel as descriptions; PAR does not fetch them.
 */
import type { Message, Part } from '@a2a-js/sdk';

/** A file part as the agent receives it. */
export interface FileInput {
  readonly filename: string;
  readonly mediaType: string;
  readonly url?: string;
  /** The bytes, base64-encoded. */
  readonly bytesBase64?: string;
}

/**
 * The input `invoke` receives for a message: the text when it has only text parts (joined by
 * newlines), the value when it has one data part alone, and otherwise
 * `{ text, data: [...], files: [...] }`.
 */
export function inputOf(message: Message): unknown {
  const texts: string[] = [];
  const data: unknown[] = [];
  const files: FileInput[] = [];
  for (const part of message.parts) {
    const content = part.content;
    if (content === undefined) continue;
    if (content.$case === 'text') texts.push(content.value);
    else if (content.$case === 'data') data.push(content.value);
    else files.push(fileOf(part, content));
  }

  if (data.length === 0 && files.length === 0) return texts.join('\n');
  if (texts.length === 0 && files.length === 0 && data.length === 1) return data[0];
  return {
    ...(texts.length > 0 ? { text: texts.join('\n') } : {}),
    ...(data.length > 0 ? { data } : {}),
    ...(files.length > 0 ? { files } : {}),
  };
}

/**
 * The parameters of an action named in the message metadata: the entries of its one data
 * object, each as a string (the Pixell action contract), or `{ text }` for a text message.
 */
export function actionParamsOf(message: Message): Record<string, string> {
  const input = inputOf(message);
  if (typeof input === 'string') return input === '' ? {} : { text: input };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return {};
  return Object.fromEntries(
    Object.entries(input as Record<string, unknown>).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : JSON.stringify(value),
    ])
  );
}

/** One output value (or streamed chunk) as parts: a string as text, anything else as data. */
export function partsOf(value: unknown): Part[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [textPart(value)];
  return [
    {
      content: { $case: 'data', value: value ?? null },
      metadata: undefined,
      filename: '',
      mediaType: 'application/json',
    },
  ];
}

export function textPart(text: string): Part {
  return {
    content: { $case: 'text', value: text },
    metadata: undefined,
    filename: '',
    mediaType: 'text/plain',
  };
}

function fileOf(part: Part, content: NonNullable<Part['content']>): FileInput {
  const base = { filename: part.filename, mediaType: part.mediaType };
  if (content.$case === 'url') return { ...base, url: content.value };
  if (content.$case === 'raw') return { ...base, bytesBase64: content.value.toString('base64') };
  return base;
}
