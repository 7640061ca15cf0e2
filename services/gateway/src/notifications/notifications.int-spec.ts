import WebSocket from 'ws';
import { AssociationSubjects, AttributeSubjects, ProjectSubjects, RecordSubjects, TaskSubjects, type Actor, type NotificationServerMessage } from '@refinery/contracts';
import { startService, type RunningService } from '@refinery/server-kit';
import { expectEventually, testBus, testEnv, type TestBus } from '@refinery/server-testing';
// Real events come from the real records service.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { ApiClient } from '../identity/test-support/api-client.js';
import { startGateway, type GatewayUnderTest } from '../identity/test-support/gateway-under-test.js';

const ADMIN = { email: 'admin@example.com', password: 'the admin password' };
const PASSWORD = 'a member password';

/** A socket and every message it received, in order. */
interface Listener {
  ws: WebSocket;
  messages: NotificationServerMessage[];
  closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
  waitFor(predicate: (m: NotificationServerMessage) => boolean): Promise<NotificationServerMessage>;
}

describe('notifications over /api/v1/ws (gateway + identity + records, real NATS/Redis/FerretDB)', () => {
  let env: Record<string, string>;
  let records: RunningService;
  let gateway: GatewayUnderTest;
  let nats: TestBus;
  let wsBase: string;
  const admin = () => new ApiClient(gateway.base);
  let adminClient: ApiClient;
  let adminId: string;
  let memberClient: ApiClient;
  let memberId: string;
  let project: string;
  let rivalProject: string;
  const open: WebSocket[] = [];

  function connect(headers: Record<string, string>): Promise<Listener> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${wsBase}/api/v1/ws`, { headers });
      open.push(ws);
      const messages: NotificationServerMessage[] = [];
      const closed = new Promise<{ code: number; reason: string }>((res) => ws.on('close', (code, reason) => res({ code, reason: reason.toString() })));
      ws.on('message', (data) => messages.push(JSON.parse(String(data)) as NotificationServerMessage));
      ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.on('error', reject);
      ws.on('open', () =>
        resolve({
          ws,
          messages,
          closed,
          send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)),
          waitFor: (predicate) => expectEventually(() => {
            const found = messages.find(predicate);
            if (!found) throw new Error(`not received yet; got ${JSON.stringify(messages)}`);
            return Promise.resolve(found);
          }, { timeoutMs: 10_000, intervalMs: 20 }),
        }),
      );
    });
  }

  async function token(client: ApiClient, body: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
    const res = await client.post('/api/v1/tokens', { name: `ws ${Math.random()}`, scope: 'read', expiresInDays: 1, ...body });
    expect(res.status).toBe(201);
    const { token: t, secret } = res.as<{ token: { id: string }; secret: string }>();
    return { id: t.id, secret };
  }

  const cookieHeader = (client: ApiClient) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

  beforeAll(async () => {
    env = testEnv({ AUTH_SCRYPT_COST: '1024', WS_HEARTBEAT_MS: '300' });
    records = await startService(recordsService, env, []);
    gateway = await startGateway({ ...env, AUTH_ADMIN_EMAIL: ADMIN.email, AUTH_ADMIN_PASSWORD: ADMIN.password });
    wsBase = gateway.base.replace('http:', 'ws:');
    nats = await testBus(env);
    adminClient = admin();
    adminId = await expectEventually(async () => (await adminClient.login(ADMIN.email, ADMIN.password)).as<{ user: { id: string } }>().user.id);
    expect((await adminClient.post('/api/v1/organizations/local/members', { email: 'member@example.com', password: PASSWORD, role: 'member' })).status).toBe(201);
    memberClient = admin();
    memberId = (await memberClient.login('member@example.com', PASSWORD)).as<{ user: { id: string } }>().user.id;
    const owner: Actor = { userId: adminId, orgId: 'local', role: 'owner' };
    project = (await nats.bus.request(ProjectSubjects.create, { name: 'notified' }, { actor: owner })).id;
    expect((await adminClient.request('PUT', `/api/v1/projects/${project}/members/${memberId}`, { body: { role: 'annotator' } })).status).toBe(204);
    rivalProject = (await nats.bus.request(ProjectSubjects.create, { name: 'rival' }, { actor: { userId: 'eve', orgId: 'acme', role: 'owner' } })).id;
  }, 60_000);

  afterAll(async () => {
    for (const ws of open) ws.terminate();
    await nats?.close();
    await gateway?.close();
    await records?.close();
  });

  it('refuses a socket without credentials, with a wrong token, and a cookie socket from another origin', async () => {
    await expect(connect({})).rejects.toThrow('HTTP 401');
    await expect(connect({ authorization: 'Bearer rfy_000000000000_nope' })).rejects.toThrow('HTTP 401');
    await expect(connect({ cookie: cookieHeader(memberClient), origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect({ cookie: cookieHeader(memberClient) })).rejects.toThrow('HTTP 403');
    const host = new URL(gateway.base).host;
    const ok = await connect({ cookie: cookieHeader(memberClient), origin: `http://${host}` });
    expect(await ok.waitFor((m) => m.type === 'ready')).toEqual({ type: 'ready', userId: memberId });
  });

  it('delivers a project’s events, with who caused them, to every member following it — and nothing of other projects', async () => {
    const { secret } = await token(memberClient);
    const member = await connect({ authorization: `Bearer ${secret}` });
    member.send({ type: 'subscribe', projectId: project, id: 's1' });
    expect(await member.waitFor((m) => m.type === 'ack')).toEqual({ type: 'ack', op: 'subscribe', projectId: project, id: 's1' });
    member.send({ type: 'subscribe', projectId: rivalProject, id: 's2' });
    expect(await member.waitFor((m) => m.type === 'error')).toEqual({ type: 'error', code: 'NOT_FOUND', message: `project ${rivalProject} not found`, id: 's2' });

    // The owner works on the project (through records, as the gateway will); the rival on theirs.
    const owner: Actor = { userId: adminId, orgId: 'local', role: 'owner' };
    await nats.bus.request(AttributeSubjects.create, { name: 'headline', dataType: 'TEXT' }, { actor: owner, projectId: project });
    await nats.bus.request(RecordSubjects.add, { records: [{ data: { headline: 'You will not believe this' } }] }, { actor: owner, projectId: project });
    const [record] = (await nats.bus.request(RecordSubjects.list, { afterSeq: -1, limit: 10 }, { actor: owner, projectId: project })).records;
    const task = await nats.bus.request(TaskSubjects.create, { name: 'clickbait', kind: 'CLASSIFICATION', attributeId: null, labels: [{ name: 'yes' }, { name: 'no' }] }, { actor: owner, projectId: project });
    await nats.bus.request(AssociationSubjects.classify, { recordId: record!.id, taskId: task.id, labelIds: [task.labels[0]!.id] }, { actor: owner, projectId: project });
    await nats.bus.request(TaskSubjects.create, { name: 'secret', kind: 'CLASSIFICATION', attributeId: null, labels: [{ name: 'a' }] }, { actor: { userId: 'eve', orgId: 'acme', role: 'owner' }, projectId: rivalProject });

    const taskEvent = await member.waitFor((m) => m.type === 'event' && m.event === 'records.tasks.changed.v1');
    expect(taskEvent).toMatchObject({ type: 'event', projectId: project, actorUserId: adminId, payload: { projectId: project, taskId: task.id } });
    const labelEvent = await member.waitFor((m) => m.type === 'event' && m.event === 'records.labels.changed.v1');
    expect(labelEvent).toMatchObject({ projectId: project, actorUserId: adminId, payload: { taskId: task.id, source: 'MANUAL', recordIds: [record!.id] } });
    expect(member.messages.filter((m) => m.type === 'event' && m.projectId !== project)).toEqual([]);

    member.send({ type: 'unsubscribe', projectId: project, id: 'u' });
    await member.waitFor((m) => m.type === 'ack' && m.op === 'unsubscribe');
    const before = member.messages.length;
    await nats.bus.request(TaskSubjects.create, { name: 'later', kind: 'CLASSIFICATION', attributeId: null, labels: [{ name: 'x' }] }, { actor: owner, projectId: project });
    member.send({ type: 'ping', id: 'p' });
    await member.waitFor((m) => m.type === 'ack' && m.op === 'ping');
    expect(member.messages.slice(before).filter((m) => m.type === 'event')).toEqual([]);
  }, 30_000);

  it('closes a socket whose token was revoked, at the next heartbeat', async () => {
    const t = await token(memberClient);
    const socket = await connect({ authorization: `Bearer ${t.secret}` });
    await socket.waitFor((m) => m.type === 'ready');
    expect((await memberClient.request('DELETE', `/api/v1/tokens/${t.id}`)).status).toBe(204);
    expect(await socket.closed).toEqual({ code: 1008, reason: 'the session ended or the token was revoked' });
  });

  it('answers bad messages with the field at fault and keeps the socket', async () => {
    const { secret } = await token(memberClient);
    const socket = await connect({ authorization: `Bearer ${secret}` });
    socket.send('{nope');
    socket.send({ type: 'subscribe' });
    await expectEventually(() => Promise.resolve(expect(socket.messages.filter((m) => m.type === 'error')).toHaveLength(2)), { timeoutMs: 5_000 });
    expect(socket.messages.filter((m) => m.type === 'error').map((m) => m.type === 'error' && m.message)).toEqual([
      'the message is not valid JSON',
      expect.stringContaining('at projectId'),
    ]);
    socket.send({ type: 'ping', id: 'still here' });
    expect(await socket.waitFor((m) => m.type === 'ack')).toEqual({ type: 'ack', op: 'ping', id: 'still here' });
  });
});
