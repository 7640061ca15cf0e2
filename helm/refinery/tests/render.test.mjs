// Tests of the rendered refinery chart: runs `helm template` with several value sets and asserts
// on the parsed manifests. Run with `node --test 'helm/refinery/tests/*.test.mjs'` (scripts/helm-check.sh).
// Needs `helm` on PATH (or HELM=/path/to/helm) and the `yaml` package from the repository's node_modules.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// YAML parser: the `yaml` package, else `js-yaml` (both come with the workspace's dev tooling;
// neither is a direct dependency yet, so fall back rather than depend on one of them).
async function loadYamlParser() {
  try {
    const { parseAllDocuments } = await import('yaml');
    return (text) =>
      parseAllDocuments(text).map((doc) => {
        if (doc.errors.length) throw new Error(`invalid YAML rendered: ${doc.errors.join('; ')}`);
        return doc.toJS();
      });
  } catch (err) {
    if (err.code !== 'ERR_MODULE_NOT_FOUND') throw err;
  }
  try {
    const jsYaml = (await import('js-yaml')).default;
    return (text) => jsYaml.loadAll(text);
  } catch (err) {
    if (err.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new Error(
      'neither the `yaml` nor the `js-yaml` package is installed (run npm ci at the repository root)',
    );
  }
}
const parseYamlDocuments = await loadYamlParser();

const CHART = join(dirname(fileURLToPath(import.meta.url)), '..');
const HELM = process.env.HELM || 'helm';
const RELEASE = 'rf';
const NAMESPACE = 'labeling';
const BACKENDS = ['records', 'embeddings', 'heuristics', 'weak-supervision', 'export'];
const PORTS = {
  gateway: 8080,
  records: 3001,
  embeddings: 3002,
  heuristics: 3003,
  'weak-supervision': 3004,
  export: 3005,
};
const SECRET_ENV = /SECRET|PASSWORD|TOKEN|_URL$/;

const work = mkdtempSync(join(tmpdir(), 'refinery-chart-test-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
let fileNo = 0;

/** Runs helm template; returns { ok, stdout, stderr }. `values` is an object written as a values file. */
function helmTemplate(values, extraArgs = []) {
  const args = ['template', RELEASE, CHART, '--namespace', NAMESPACE];
  for (const v of [].concat(values ?? [])) {
    if (typeof v === 'string') {
      args.push('-f', join(CHART, v));
    } else {
      const file = join(work, `values-${fileNo++}.json`); // JSON is YAML
      writeFileSync(file, JSON.stringify(v));
      args.push('-f', file);
    }
  }
  args.push(...extraArgs);
  try {
    const stdout = execFileSync(HELM, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { ok: true, stdout, stderr: '' };
  } catch (err) {
    if (err.code === 'ENOENT')
      throw new Error(`helm not found (${HELM}); run scripts/helm-check.sh`);
    return { ok: false, stdout: err.stdout ?? '', stderr: err.stderr ?? String(err) };
  }
}

/** Renders and parses; fails the test with helm's error when rendering fails. */
function render(values, extraArgs) {
  const r = helmTemplate(values, extraArgs);
  assert.ok(r.ok, `helm template failed:\n${r.stderr}`);
  const docs = parseYamlDocuments(r.stdout).filter(Boolean);
  return {
    docs,
    text: r.stdout,
    of: (kind) => docs.filter((d) => d.kind === kind),
    get: (kind, name) => docs.find((d) => d.kind === kind && d.metadata.name === name),
  };
}

function renderFails(values, pattern) {
  const r = helmTemplate(values);
  assert.equal(r.ok, false, 'helm template should have failed');
  assert.match(r.stderr, pattern);
  return r.stderr;
}

const container = (deploy) => deploy.spec.template.spec.containers[0];
const envOf = (deploy) => Object.fromEntries((container(deploy).env ?? []).map((e) => [e.name, e]));
const names = (docs) => docs.map((d) => d.metadata.name).sort();

describe('defaults', () => {
  const out = render();
  const deployments = out.of('Deployment');

  test('one gateway plus api and worker Deployments for every backend service', () => {
    const expected = [
      'rf-refinery-gateway',
      ...BACKENDS.flatMap((s) => [`rf-refinery-${s}-api`, `rf-refinery-${s}-worker`]),
    ];
    assert.deepEqual(names(deployments), expected.sort());
  });

  test('every Deployment has startup, liveness (/health) and readiness (/ready) probes on the http port', () => {
    for (const d of deployments) {
      const c = container(d);
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        assert.ok(c[probe]?.httpGet, `${d.metadata.name}: ${probe} missing`);
        assert.equal(c[probe].httpGet.port, 'http', `${d.metadata.name}: ${probe} port`);
      }
      assert.equal(c.livenessProbe.httpGet.path, '/health', d.metadata.name);
      assert.equal(c.readinessProbe.httpGet.path, '/ready', d.metadata.name);
      assert.equal(c.startupProbe.httpGet.path, '/health', d.metadata.name);
      assert.ok(
        c.startupProbe.failureThreshold * c.startupProbe.periodSeconds >= 60,
        'startup budget >= 60s',
      );
    }
  });

  test('command, role and port follow the service', () => {
    for (const d of deployments) {
      const svc = d.metadata.labels['app.kubernetes.io/component'];
      const role = d.metadata.labels['refinery.dev/role'];
      const c = container(d);
      assert.deepEqual(c.args, [`services/${svc}/dist/main.js`, '--role', role]);
      assert.equal(c.command, undefined, 'the image entrypoint (tini -- node) must be kept');
      assert.deepEqual(c.ports, [{ name: 'http', containerPort: PORTS[svc], protocol: 'TCP' }]);
      const env = envOf(d);
      assert.equal(env.HTTP_PORT.value, String(PORTS[svc]));
      assert.equal(env.SERVICE_ROLE.value, role);
      assert.equal(env.LOG_LEVEL.value, 'info');
      assert.equal(
        env.HTTP_HOST.value,
        '0.0.0.0',
        'the services bind 127.0.0.1 unless told otherwise',
      );
      assert.equal(env.MONGO_DB_PREFIX.value, 'refinery');
      assert.equal(env.REFINERY_VERSION.value, '0.1.0');
      assert.equal(d.metadata.name.endsWith(`-${role}`) || svc === 'gateway', true);
      if (svc === 'gateway') assert.equal(role, 'api');
    }
  });

  test('selectors match the pod labels and are unique per Deployment', () => {
    const seen = new Set();
    for (const d of deployments) {
      const sel = d.spec.selector.matchLabels;
      for (const [k, v] of Object.entries(sel))
        assert.equal(d.spec.template.metadata.labels[k], v, `${d.metadata.name}: ${k}`);
      const key = JSON.stringify(sel);
      assert.ok(!seen.has(key), `duplicate selector ${key}`);
      seen.add(key);
    }
  });

  test('hardened security context, read-only root filesystem and /tmp emptyDir', () => {
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      const c = container(d);
      assert.equal(pod.securityContext.runAsNonRoot, true);
      assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
      assert.equal(c.securityContext.runAsNonRoot, true);
      assert.equal(c.securityContext.readOnlyRootFilesystem, true);
      assert.equal(c.securityContext.allowPrivilegeEscalation, false);
      assert.deepEqual(c.securityContext.capabilities.drop, ['ALL']);
      assert.equal(c.securityContext.seccompProfile.type, 'RuntimeDefault');
      assert.deepEqual(c.volumeMounts, [{ name: 'tmp', mountPath: '/tmp' }]);
      assert.ok(
        pod.volumes.find((v) => v.name === 'tmp' && v.emptyDir),
        'tmp emptyDir',
      );
      assert.equal(pod.serviceAccountName, 'rf-refinery');
      assert.equal(pod.automountServiceAccountToken, false);
    }
  });

  test('every container has resource requests and limits', () => {
    for (const d of deployments) {
      const r = container(d).resources;
      assert.ok(r?.requests?.cpu && r?.requests?.memory, `${d.metadata.name}: requests`);
      assert.ok(r?.limits?.cpu && r?.limits?.memory, `${d.metadata.name}: limits`);
    }
  });

  test('image defaults to the global repository and the chart appVersion', () => {
    for (const d of deployments) {
      assert.equal(container(d).image, 'ghcr.io/refinery/refinery:0.1.0');
      assert.equal(container(d).imagePullPolicy, 'IfNotPresent');
    }
  });

  test('HPAs (autoscaling/v2, CPU) exist by default for the embeddings and heuristics workers only', () => {
    const hpas = out.of('HorizontalPodAutoscaler');
    assert.deepEqual(names(hpas), [
      'rf-refinery-embeddings-worker',
      'rf-refinery-heuristics-worker',
    ]);
    for (const h of hpas) {
      assert.equal(h.apiVersion, 'autoscaling/v2');
      assert.deepEqual(h.spec.scaleTargetRef, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: h.metadata.name,
      });
      assert.ok(out.get('Deployment', h.metadata.name), 'target exists');
      assert.ok(h.spec.minReplicas >= 1 && h.spec.maxReplicas >= h.spec.minReplicas);
      assert.equal(h.spec.metrics[0].resource.name, 'cpu');
      assert.equal(h.spec.metrics[0].resource.target.type, 'Utilization');
      // the HPA owns the replica count
      assert.equal(out.get('Deployment', h.metadata.name).spec.replicas, undefined);
    }
    assert.equal(out.get('Deployment', 'rf-refinery-records-worker').spec.replicas, 1);
  });

  test('gateway Service, ServiceAccount and Secret; no Ingress or PDB by default', () => {
    const svc = out.get('Service', 'rf-refinery-gateway');
    assert.equal(svc.spec.type, 'ClusterIP');
    assert.deepEqual(svc.spec.ports, [
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
    ]);
    assert.equal(svc.spec.selector['app.kubernetes.io/component'], 'gateway');
    assert.equal(out.of('Service').length, 1, 'backend services get no Service');
    assert.ok(out.get('ServiceAccount', 'rf-refinery'));
    assert.equal(out.of('Ingress').length, 0);
    assert.equal(out.of('PodDisruptionBudget').length, 0);
    for (const d of out.docs) assert.equal(d.metadata.namespace ?? NAMESPACE, NAMESPACE);
  });

  test('connection URLs and the session secret are read from the chart Secret, never plain values', () => {
    const secret = out.get('Secret', 'rf-refinery-secrets');
    const data = Object.fromEntries(
      Object.entries(secret.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
    );
    assert.equal(data.NATS_URL, 'nats://nats:4222');
    assert.equal(data.MONGO_URL, 'mongodb://mongo:27017');
    assert.equal(data.REDIS_URL, 'redis://redis:6379');
    assert.equal(data.QDRANT_URL, undefined, 'qdrant is not configured by default');
    assert.ok(data.REFINERY_SESSION_SECRET.length >= 32, 'a session secret is generated');
    for (const d of deployments) {
      const env = envOf(d);
      for (const k of ['NATS_URL', 'MONGO_URL', 'REDIS_URL']) {
        assert.deepEqual(
          env[k].valueFrom,
          { secretKeyRef: { name: 'rf-refinery-secrets', key: k } },
          `${d.metadata.name} ${k}`,
        );
      }
      assert.equal(env.QDRANT_URL, undefined);
      assert.equal('REFINERY_SESSION_SECRET' in env, d.metadata.name === 'rf-refinery-gateway');
      assert.equal('OIDC_ISSUER' in env, false, 'OIDC is off by default');
    }
  });
});

test('no Deployment carries a secret-like variable as a plain value (with every secret set inline)', () => {
  const out = render({
    connections: {
      nats: { url: 'nats://user:natspass@nats:4222' },
      mongo: { url: 'mongodb://app:mongopass@mongo:27017' },
      redis: { url: 'redis://:redispass@redis:6379' },
      qdrant: { url: 'https://qdrant.example.com:6333' },
    },
    gateway: {
      session: { secret: 'S'.repeat(48) },
      oidc: {
        enabled: true,
        issuer: 'https://idp.example.com',
        clientId: 'refinery',
        clientSecret: 'oidc-client-secret-value',
      },
    },
  });
  for (const doc of out.docs.filter((d) => d.kind !== 'Secret')) {
    const text = JSON.stringify(doc);
    for (const secret of [
      'natspass',
      'mongopass',
      'redispass',
      'S'.repeat(48),
      'oidc-client-secret-value',
    ]) {
      assert.ok(!text.includes(secret), `${doc.kind}/${doc.metadata.name} contains a secret`);
    }
  }
  for (const d of out.of('Deployment')) {
    for (const e of container(d).env) {
      if (SECRET_ENV.test(e.name))
        assert.ok(
          e.valueFrom?.secretKeyRef && e.value === undefined,
          `${d.metadata.name}: ${e.name} must come from a Secret`,
        );
    }
  }
  const gw = envOf(out.get('Deployment', 'rf-refinery-gateway'));
  assert.equal(gw.OIDC_ISSUER.value, 'https://idp.example.com');
  assert.equal(gw.OIDC_CLIENT_ID.value, 'refinery');
  assert.deepEqual(gw.OIDC_CLIENT_SECRET.valueFrom, {
    secretKeyRef: { name: 'rf-refinery-secrets', key: 'OIDC_CLIENT_SECRET' },
  });
  assert.equal(gw.REFINERY_SESSION_SECRET.valueFrom.secretKeyRef.key, 'REFINERY_SESSION_SECRET');
  // Qdrant only for embeddings
  for (const d of out.of('Deployment')) {
    assert.equal(
      'QDRANT_URL' in envOf(d),
      d.metadata.labels['app.kubernetes.io/component'] === 'embeddings',
      d.metadata.name,
    );
  }
  const secret = out.get('Secret', 'rf-refinery-secrets');
  assert.equal(
    Buffer.from(secret.data.REFINERY_SESSION_SECRET, 'base64').toString(),
    'S'.repeat(48),
  );
  assert.equal(
    Buffer.from(secret.data.MONGO_URL, 'base64').toString(),
    'mongodb://app:mongopass@mongo:27017',
  );
});

test('existing Secrets are referenced and nothing is generated for them', () => {
  const out = render({
    connections: {
      nats: { existingSecret: 'infra', existingSecretKey: 'nats' },
      mongo: { existingSecret: 'infra', existingSecretKey: 'mongo', url: '' },
      redis: { existingSecret: 'infra' },
      qdrant: { existingSecret: 'infra', existingSecretKey: 'qdrant' },
    },
    gateway: {
      session: { existingSecret: 'gw' },
      oidc: {
        enabled: true,
        issuer: 'https://idp.example.com',
        clientId: 'c',
        existingSecret: 'gw',
        existingSecretKey: 'oidc',
      },
    },
  });
  assert.equal(out.of('Secret').length, 0, 'nothing left for the chart Secret');
  const gw = envOf(out.get('Deployment', 'rf-refinery-gateway'));
  assert.deepEqual(gw.NATS_URL.valueFrom.secretKeyRef, { name: 'infra', key: 'nats' });
  assert.deepEqual(gw.MONGO_URL.valueFrom.secretKeyRef, { name: 'infra', key: 'mongo' });
  assert.deepEqual(gw.REDIS_URL.valueFrom.secretKeyRef, { name: 'infra', key: 'REDIS_URL' });
  assert.deepEqual(gw.REFINERY_SESSION_SECRET.valueFrom.secretKeyRef, {
    name: 'gw',
    key: 'REFINERY_SESSION_SECRET',
  });
  assert.deepEqual(gw.OIDC_CLIENT_SECRET.valueFrom.secretKeyRef, { name: 'gw', key: 'oidc' });
  const emb = envOf(out.get('Deployment', 'rf-refinery-embeddings-worker'));
  assert.deepEqual(emb.QDRANT_URL.valueFrom.secretKeyRef, { name: 'infra', key: 'qdrant' });
});

test('roles [all] gives a single Deployment running --role all', () => {
  const out = render({ services: { records: { roles: ['all'] } } });
  const records = out
    .of('Deployment')
    .filter((d) => d.metadata.labels['app.kubernetes.io/component'] === 'records');
  assert.deepEqual(names(records), ['rf-refinery-records']);
  assert.deepEqual(container(records[0]).args, ['services/records/dist/main.js', '--role', 'all']);
  assert.equal(envOf(records[0]).SERVICE_ROLE.value, 'all');
  assert.equal(out.of('Deployment').length, 10);
});

test('roles [all] on embeddings moves the HPA to the single Deployment; [worker] alone drops the api', () => {
  const out = render({
    services: { embeddings: { roles: ['all'] }, heuristics: { roles: ['worker'] } },
  });
  assert.deepEqual(names(out.of('HorizontalPodAutoscaler')), [
    'rf-refinery-embeddings',
    'rf-refinery-heuristics-worker',
  ]);
  assert.equal(out.get('Deployment', 'rf-refinery-heuristics-api'), undefined);
  assert.equal(out.get('Deployment', 'rf-refinery-embeddings').spec.replicas, undefined);
});

test('autoscaling and PDB are configurable per Deployment', () => {
  const out = render({
    gateway: {
      autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 4 },
      pdb: { enabled: true },
    },
    services: {
      embeddings: { worker: { autoscaling: { enabled: false }, replicaCount: 3 } },
      export: {
        worker: {
          autoscaling: {
            enabled: true,
            minReplicas: 1,
            maxReplicas: 2,
            targetCPUUtilizationPercentage: 50,
          },
          pdb: { enabled: true, minAvailable: 1 },
        },
      },
    },
  });
  assert.deepEqual(names(out.of('HorizontalPodAutoscaler')), [
    'rf-refinery-export-worker',
    'rf-refinery-gateway',
    'rf-refinery-heuristics-worker',
  ]);
  assert.equal(
    out.get('HorizontalPodAutoscaler', 'rf-refinery-export-worker').spec.metrics[0].resource.target
      .averageUtilization,
    50,
  );
  assert.equal(out.get('Deployment', 'rf-refinery-embeddings-worker').spec.replicas, 3);
  assert.equal(out.get('Deployment', 'rf-refinery-gateway').spec.replicas, undefined);
  const pdbs = out.of('PodDisruptionBudget');
  assert.deepEqual(names(pdbs), ['rf-refinery-export-worker', 'rf-refinery-gateway']);
  assert.equal(out.get('PodDisruptionBudget', 'rf-refinery-gateway').spec.maxUnavailable, 1);
  assert.equal(out.get('PodDisruptionBudget', 'rf-refinery-export-worker').spec.minAvailable, 1);
  const sel = out.get('PodDisruptionBudget', 'rf-refinery-export-worker').spec.selector.matchLabels;
  assert.deepEqual(
    sel,
    out.get('Deployment', 'rf-refinery-export-worker').spec.selector.matchLabels,
  );
});

test('HPA with minReplicas above maxReplicas fails', () => {
  renderFails(
    { services: { heuristics: { worker: { autoscaling: { minReplicas: 9, maxReplicas: 2 } } } } },
    /must not exceed maxReplicas/,
  );
});

test('per-service image override, digest and disabled services', () => {
  const out = render({
    global: { image: { repository: 'reg.example/refinery', tag: '1.2.3' } },
    gateway: { image: { tag: '1.2.4', pullPolicy: 'Always' } },
    services: {
      export: { enabled: false },
      records: { image: { digest: `sha256:${'a'.repeat(64)}` } },
    },
  });
  assert.equal(
    container(out.get('Deployment', 'rf-refinery-gateway')).image,
    'reg.example/refinery:1.2.4',
  );
  assert.equal(container(out.get('Deployment', 'rf-refinery-gateway')).imagePullPolicy, 'Always');
  assert.equal(
    container(out.get('Deployment', 'rf-refinery-records-api')).image,
    `reg.example/refinery@sha256:${'a'.repeat(64)}`,
  );
  assert.equal(
    container(out.get('Deployment', 'rf-refinery-heuristics-api')).image,
    'reg.example/refinery:1.2.3',
  );
  assert.equal(out.of('Deployment').filter((d) => d.metadata.name.includes('export')).length, 0);
});

test('ingress routes to the gateway Service', () => {
  const out = render({
    gateway: {
      ingress: {
        enabled: true,
        className: 'nginx',
        hosts: [{ host: 'refinery.example.com', paths: [{ path: '/', pathType: 'Prefix' }] }],
        tls: [{ secretName: 'tls', hosts: ['refinery.example.com'] }],
      },
    },
  });
  const ing = out.get('Ingress', 'rf-refinery-gateway');
  assert.equal(ing.apiVersion, 'networking.k8s.io/v1');
  assert.equal(ing.spec.ingressClassName, 'nginx');
  assert.deepEqual(ing.spec.tls, [{ hosts: ['refinery.example.com'], secretName: 'tls' }]);
  const backend = ing.spec.rules[0].http.paths[0].backend.service;
  assert.deepEqual(backend, { name: 'rf-refinery-gateway', port: { name: 'http' } });
  assert.ok(out.get('Service', backend.name));
});

test('extra env, log level and probe overrides', () => {
  const out = render({
    global: { logLevel: 'warn', httpHost: '::', extraEnv: [{ name: 'TZ', value: 'UTC' }] },
    connections: { mongo: { dbPrefix: 'staging' } },
    services: {
      heuristics: {
        logLevel: 'debug',
        env: { SANDBOX_TIMEOUT_MS: 500, FEATURE: true },
        probes: { startup: { failureThreshold: 60 } },
      },
    },
  });
  const env = envOf(out.get('Deployment', 'rf-refinery-heuristics-worker'));
  assert.equal(env.LOG_LEVEL.value, 'debug');
  assert.equal(env.SANDBOX_TIMEOUT_MS.value, '500');
  assert.equal(env.FEATURE.value, 'true');
  assert.equal(env.TZ.value, 'UTC');
  assert.equal(env.HTTP_HOST.value, '::');
  assert.equal(env.MONGO_DB_PREFIX.value, 'staging');
  assert.equal(envOf(out.get('Deployment', 'rf-refinery-records-api')).LOG_LEVEL.value, 'warn');
  const c = container(out.get('Deployment', 'rf-refinery-heuristics-api'));
  assert.equal(c.startupProbe.failureThreshold, 60);
  assert.equal(c.startupProbe.periodSeconds, 5, 'other probe fields keep the global value');
  assert.equal(
    container(out.get('Deployment', 'rf-refinery-records-api')).startupProbe.failureThreshold,
    36,
  );
});

describe('schema validation rejects bad values', () => {
  test('a typo at the top level', () =>
    renderFails({ gatway: { replicaCount: 1 } }, /additional properties? .*gatway/i));
  test('a typo inside a service', () =>
    renderFails({ services: { records: { api: { replicaCuont: 2 } } } }, /replicaCuont/));
  test('a typo in the gateway ingress', () =>
    renderFails({ gateway: { ingres: { enabled: true } } }, /ingres/));
  test('an unknown service', () =>
    renderFails({ services: { recods: { enabled: true } } }, /recods/));
  test('an unknown role', () =>
    renderFails({ services: { records: { roles: ['api', 'wroker'] } } }, /roles/));
  test('"all" combined with another role', () =>
    renderFails({ services: { records: { roles: ['all', 'api'] } } }, /roles/));
  test('empty roles', () => renderFails({ services: { records: { roles: [] } } }, /roles/));
  test('a wrong type', () => renderFails({ gateway: { replicaCount: 'two' } }, /replicaCount/));
  test('a bad resource quantity', () =>
    renderFails(
      { services: { export: { worker: { resources: { limits: { memory: '1 GB' } } } } } },
      /memory/,
    ));
  test('a non-mongodb MONGO_URL', () =>
    renderFails({ connections: { mongo: { url: 'postgres://x' } } }, /mongo/));
  test('a missing NATS URL without existingSecret', () =>
    renderFails({ connections: { nats: { url: '' } } }, /nats/));
  test('OIDC enabled without an issuer', () =>
    renderFails({ gateway: { oidc: { enabled: true, clientId: 'x' } } }, /issuer/));
  test('a short session secret', () =>
    renderFails({ gateway: { session: { secret: 'short' } } }, /session/));
  test('a chart-managed variable in env', () =>
    renderFails({ services: { records: { env: { MONGO_URL: 'mongodb://u:p@h' } } } }, /env/));
  test('an invalid log level', () => renderFails({ global: { logLevel: 'verbose' } }, /logLevel/));
});

test('ci/all-in-one-values.yaml renders one Deployment per service', () => {
  const out = render('ci/all-in-one-values.yaml');
  assert.deepEqual(names(out.of('Deployment')), [
    'rf-refinery-embeddings',
    'rf-refinery-export',
    'rf-refinery-gateway',
    'rf-refinery-heuristics',
    'rf-refinery-records',
    'rf-refinery-weak-supervision',
  ]);
  assert.deepEqual(names(out.of('HorizontalPodAutoscaler')), ['rf-refinery-heuristics']);
  assert.ok(out.get('Ingress', 'rf-refinery-gateway'));
  assert.ok(out.get('PodDisruptionBudget', 'rf-refinery-gateway'));
  const secret = out.get('Secret', 'rf-refinery-secrets');
  assert.deepEqual(Object.keys(secret.data).sort(), ['NATS_URL', 'QDRANT_URL']);
  for (const d of out.of('Deployment')) {
    const c = container(d);
    assert.equal(c.image, 'registry.example.com/refinery/refinery:0.1.0');
    assert.ok(c.startupProbe && c.livenessProbe && c.readinessProbe);
    assert.deepEqual(d.spec.template.spec.imagePullSecrets, [{ name: 'registry-credentials' }]);
  }
});

test('helm test hook pod checks the gateway /health', () => {
  const out = render();
  const pod = out.of('Pod').find((p) => p.metadata.annotations?.['helm.sh/hook'] === 'test');
  assert.ok(pod, 'test pod rendered');
  assert.match(pod.spec.containers[0].args.join(' '), /rf-refinery-gateway:80\/health/);
});
