/**
 * The agent card built from the manifest: identity, skills (the entrypoint, the actions, the
 * public sub-agents), capabilities and the interfaces clients dial. Also the v0.3 view of it,
 * for clients that fetch the card without an `A2A-Version` header.
 */
import { AgentCard, type AgentSkill } from '@a2a-js/sdk';
import type { Agent } from '../../agent/index.js';
import type { PublicUrls } from './public-urls.js';

/** The A2A protocol versions served: v1.0, and v0.3 over JSON-RPC for older peers. */
export const currentProtocolVersion = '1.0';
export const legacyProtocolVersion = '0.3';

const modes = ['text/plain', 'application/json'];

/** Builds the v1.0 card; JSON-RPC comes first, so clients without a preference pick it. */
export function buildAgentCard(agent: Agent, urls: PublicUrls): AgentCard {
  const { manifest } = agent;
  const interfaces = [
    { url: urls.jsonRpc, protocolBinding: 'JSONRPC', protocolVersion: currentProtocolVersion },
    ...(urls.grpc === undefined
      ? []
      : [{ url: urls.grpc, protocolBinding: 'GRPC', protocolVersion: currentProtocolVersion }]),
    // The same endpoint answers v0.3 method names; listing it lets validateVersion accept 0.3.
    { url: urls.jsonRpc, protocolBinding: 'JSONRPC', protocolVersion: legacyProtocolVersion },
  ];

  return AgentCard.fromJSON({
    name: manifest.displayName ?? manifest.name,
    description: manifest.description ?? `The ${manifest.name} agent`,
    version: manifest.version,
    supportedInterfaces: interfaces.map((entry) => ({ ...entry, tenant: '' })),
    capabilities: { streaming: true, pushNotifications: false, extendedAgentCard: false },
    defaultInputModes: modes,
    defaultOutputModes: modes,
    skills: skillsOf(agent).map((skill) => ({ ...skill, inputModes: modes, outputModes: modes })),
  });
}

type SkillBasics = Pick<AgentSkill, 'id' | 'name' | 'description' | 'tags'>;

function skillsOf(agent: Agent): SkillBasics[] {
  const { manifest } = agent;
  const skills: SkillBasics[] = [];
  if (agent.hasInvoke || agent.a2aExecutor !== undefined) {
    skills.push({
      id: manifest.name,
      name: manifest.displayName ?? manifest.name,
      description: manifest.description ?? `Sends the message to ${manifest.name}`,
      tags: ['entrypoint', ...manifest.capabilities],
    });
  }
  for (const action of agent.actionNames()) {
    skills.push({
      id: `action:${action}`,
      name: action,
      description: `The ${action} action; name it in the message metadata as "action" or "skill"`,
      tags: ['action'],
    });
  }
  for (const sub of manifest.subAgents.filter((candidate) => candidate.public)) {
    skills.push({
      id: `sub-agent:${sub.name}`,
      name: sub.name,
      description: sub.description ?? `The ${sub.name} sub-agent`,
      tags: ['sub-agent'],
    });
  }
  return skills;
}

/**
 * The card as JSON for a client that sent no `A2A-Version` (a v0.3 client, per the spec): the
 * v1.0 fields plus v0.3's `url`, `preferredTransport`, `protocolVersion` and
 * `additionalInterfaces`, so clients of either version find what they read.
 */
export function legacyCardJson(card: AgentCard): Record<string, unknown> {
  const json = AgentCard.toJSON(card) as Record<string, unknown>;
  const legacy = card.supportedInterfaces.filter(
    (entry) => entry.protocolVersion === legacyProtocolVersion
  );
  const [primary, ...others] = legacy;
  if (primary === undefined) return json;

  return {
    ...json,
    url: primary.url,
    preferredTransport: primary.protocolBinding,
    protocolVersion: '0.3.0',
    ...(others.length === 0
      ? {}
      : {
          additionalInterfaces: others.map((entry) => ({
            url: entry.url,
            transport: entry.protocolBinding,
          })),
        }),
  };
}
