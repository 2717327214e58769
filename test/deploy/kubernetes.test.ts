import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, settingNames } from '../../src/config/index.js';
import {
  dockerfileInstructions,
  envObject,
  kubernetesObjects,
  kustomizationFile,
  type EnvEntry,
  type KubeObject,
} from './deploy-files.js';

type Probe = {
  httpGet?: { path: string; port: string | number };
  grpc?: { port: number; service?: string };
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
};
type Container = {
  name: string;
  image: string;
  ports: Array<{ name: string; containerPort: number; protocol: string }>;
  env: EnvEntry[];
  startupProbe: Probe;
  readinessProbe: Probe;
  livenessProbe: Probe;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: Record<string, unknown>;
  volumeMounts: Array<{ name: string; mountPath: string }>;
};
type PodSpec = {
  serviceAccountName: string;
  automountServiceAccountToken: boolean;
  terminationGracePeriodSeconds: number;
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: Array<{ name: string }>;
};

const objects = kubernetesObjects();
const byKind = (kind: string): KubeObject => {
  const found = objects.filter(({ object }) => object.kind === kind);
  assert.equal(found.length, 1, `expected one ${kind}`);
  return found[0]!.object;
};
const deployment = byKind('Deployment');
const deploymentSpec = deployment.spec as {
  selector: { matchLabels: Record<string, string> };
  template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
};
const pod = deploymentSpec.template.spec;
const container = pod.containers[0]!;
const env = envObject(container.env, 'sample-from-the-pod');
const config = loadConfig(env).config;
const podLabels = deploymentSpec.template.metadata.labels;

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

/** The container port a probe or Service names, by name or number. */
function containerPort(port: string | number): number {
  if (typeof port === 'number') return port;
  const found = container.ports.find((candidate) => candidate.name === port);
  assert.ok(found, `expected a container port named ${port}`);
  return found.containerPort;
}

describe('deploy/kubernetes', () => {
  it('lists well-formed objects: apiVersion, kind, metadata.name, spec', () => {
    const expected: Record<string, string> = {
      Deployment: 'apps/v1',
      Service: 'v1',
      HorizontalPodAutoscaler: 'autoscaling/v2',
      PodDisruptionBudget: 'policy/v1',
      ServiceAccount: 'v1',
    };
    assert.deepEqual(objects.map(({ object }) => object.kind).sort(), Object.keys(expected).sort());
    for (const { file, object } of objects) {
      assert.equal(object.apiVersion, expected[object.kind], file);
      assert.match(object.metadata.name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, file);
      assert.ok(selects(object.metadata.labels ?? {}, podLabels), `${file}: app labels`);
      if (object.kind !== 'ServiceAccount') assert.equal(typeof object.spec, 'object', file);
    }
    const kustomization = kustomizationFile();
    assert.equal(kustomization.kind, 'Kustomization');
    assert.ok(kustomization.images?.some((image) => image.name === container.image));
  });

  it('selects its own pods from the Deployment, the Service and the PodDisruptionBudget', () => {
    assert.ok(selects(deploymentSpec.selector.matchLabels, podLabels));
    const service = byKind('Service').spec as { selector: Record<string, string> };
    assert.ok(selects(service.selector, podLabels));
    const budget = byKind('PodDisruptionBudget').spec as {
      selector: { matchLabels: Record<string, string> };
    };
    assert.ok(selects(budget.selector.matchLabels, podLabels));
  });

  it('names only variables the config knows, with values it accepts', () => {
    const unknown = container.env
      .map((entry) => entry.name)
      .filter((name) => !settingNames().includes(name));
    assert.deepEqual(unknown, []);
    assert.equal(config.agentAppId, env.AGENT_APP_ID);
  });

  it('gives the pod more than drain delay + grace + agent hook before SIGKILL', () => {
    const { drainDelayMs, graceMs, agentShutdownTimeoutMs } = config.shutdown;
    const longestStopSec = (drainDelayMs + graceMs + agentShutdownTimeoutMs) / 1000;
    assert.ok(drainDelayMs > 0, 'endpoints are removed while SIGTERM arrives: drain a moment');
    assert.ok(
      pod.terminationGracePeriodSeconds > longestStopSec + 5,
      `terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} must exceed ` +
        `${longestStopSec} s plus a margin`
    );
  });

  it('exposes the configured ports, and the Service targets them', () => {
    const ports = container.ports.map((port) => port.containerPort).sort();
    assert.deepEqual(ports, [config.surfaces.restPort, config.surfaces.a2aPort].sort());
    const service = byKind('Service').spec as {
      ports: Array<{ port: number; targetPort: string | number }>;
    };
    for (const port of service.ports) {
      assert.equal(containerPort(port.targetPort), port.port, 'same port inside and out');
    }
  });

  it('probes real routes: startup over gRPC health, readiness /health, liveness /livez', () => {
    const { startupProbe, readinessProbe, livenessProbe } = container;
    assert.equal(startupProbe.grpc?.port, config.surfaces.a2aPort);
    assert.equal(readinessProbe.httpGet?.path, '/health');
    assert.equal(containerPort(readinessProbe.httpGet.port), config.surfaces.restPort);
    assert.equal(livenessProbe.httpGet?.path, '/livez');
    assert.equal(containerPort(livenessProbe.httpGet.port), config.surfaces.restPort);
    for (const probe of [startupProbe, readinessProbe, livenessProbe]) {
      assert.ok(probe.timeoutSeconds < probe.periodSeconds, 'a probe ends before the next');
    }
  });

  it('lets the startup probe wait longer than STARTUP_TIMEOUT_SEC', () => {
    const { periodSeconds, failureThreshold } = container.startupProbe;
    assert.ok(periodSeconds * failureThreshold * 1000 > config.boot.startupTimeoutMs);
  });

  it('runs restricted: non-root, read-only root, no escalation, no capabilities', () => {
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.deepEqual(pod.securityContext.seccompProfile, { type: 'RuntimeDefault' });
    const security = container.securityContext;
    assert.equal(security.runAsNonRoot, true);
    assert.equal(security.readOnlyRootFilesystem, true);
    assert.equal(security.allowPrivilegeEscalation, false);
    assert.deepEqual(security.capabilities, { drop: ['ALL'] });
    assert.deepEqual(security.seccompProfile, { type: 'RuntimeDefault' });
    const user = dockerfileInstructions().find((instruction) => instruction.keyword === 'USER');
    assert.equal(String(pod.securityContext.runAsUser), user?.args.split(':')[0]);
    assert.equal(pod.automountServiceAccountToken, false, 'PAR never calls the Kubernetes API');
  });

  it('mounts writable /tmp and the state folder, since the root filesystem is read-only', () => {
    const mounts = container.volumeMounts.map((mount) => mount.mountPath);
    assert.ok(mounts.includes('/tmp'));
    for (const folder of [config.storage.cacheDir, config.storage.stateDir]) {
      assert.ok(folder !== undefined && mounts.some((mount) => folder.startsWith(mount)), folder);
    }
    const volumes = pod.volumes.map((volume) => volume.name);
    for (const mount of container.volumeMounts) assert.ok(volumes.includes(mount.name));
  });

  it('requests resources, which the CPU-based HorizontalPodAutoscaler needs', () => {
    assert.ok(container.resources.requests.cpu && container.resources.requests.memory);
    assert.ok(container.resources.limits.memory);
    const hpa = byKind('HorizontalPodAutoscaler').spec as {
      scaleTargetRef: { apiVersion: string; kind: string; name: string };
      minReplicas: number;
      maxReplicas: number;
      metrics: Array<{ type: string; resource?: { name: string } }>;
    };
    assert.deepEqual(hpa.scaleTargetRef, {
      apiVersion: deployment.apiVersion,
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    assert.ok(hpa.minReplicas >= 2 && hpa.maxReplicas > hpa.minReplicas);
    assert.ok(hpa.metrics.some((metric) => metric.resource?.name === 'cpu'));
  });

  it('runs under its own ServiceAccount', () => {
    assert.equal(pod.serviceAccountName, byKind('ServiceAccount').metadata.name);
  });
});
