/**
 * The example agent: echoes its input, streams it word by word when asked, offers two actions
 * over A2A (`greet`, and `words`, which streams) and one route (`/api/ping`) over REST.
 */
import type { FastifyInstance } from 'fastify';
import type {
  AgentContext,
  AgentDefinition,
  AgentLifecycleContext,
} from '../../../dist/src/index.js';

interface EchoInput {
  message?: string;
  /** Stream the message back one word at a time. */
  stream?: boolean;
  /** Milliseconds to wait between streamed words (or before answering). */
  delayMs?: number;
}

async function* words(text: string, delayMs: number, ctx: AgentContext): AsyncGenerator<string> {
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (delayMs > 0) await pause(delayMs, ctx.signal);
    yield word;
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true }
    );
  });
}

const agent: AgentDefinition = {
  async invoke(input, ctx) {
    // A plain text input (an A2A text message, say) is the message itself.
    const request = (typeof input === 'string' ? { message: input } : (input ?? {})) as EchoInput;
    const message = request.message ?? '';
    ctx.logger.info({ length: message.length }, 'echo requested');
    if (request.stream) return words(message, request.delayMs ?? 0, ctx);
    if (request.delayMs) await pause(request.delayMs, ctx.signal);
    return { echo: message, agent: ctx.agentId };
  },
  init(ctx: AgentLifecycleContext) {
    ctx.logger.info({ greeting: ctx.env.GREETING }, 'hello agent ready');
  },
  shutdown(ctx: AgentLifecycleContext) {
    ctx.logger.info({}, 'hello agent stopping');
  },
};

export default agent;

/** REST: routes inside the agent's base path. */
export function routes(app: FastifyInstance): void {
  app.get('/api/ping', () => ({ pong: true, at: new Date().toISOString() }));
}

/**
 * A2A: named actions for the Pixell gRPC `Invoke` and `InvokeStream`. `words` streams: over
 * InvokeStream each word is one chunk; over Invoke the words come back as one JSON array.
 */
export const service = {
  actions: {
    greet(params: Record<string, string>, ctx: AgentContext): { greeting: string } {
      const greeting = ctx.env.GREETING ?? 'hello';
      return { greeting: `${greeting}, ${params.name ?? 'world'}` };
    },
    words(params: Record<string, string>, ctx: AgentContext): AsyncGenerator<string> {
      return words(params.text ?? '', Number(params.delay_ms ?? 0), ctx);
    },
  },
};
