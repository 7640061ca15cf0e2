import type { WebSocket } from 'ws';
import type { NotificationServerMessage } from '@refinery/contracts';
import type { NotificationAuth, SocketPrincipal } from './notification-auth.js';
import { DEFAULT_NOTIFICATION_LIMITS, type NotificationLimits } from './notification-limits.js';
import { CLOSE, SocketSession } from './socket-session.js';

/** A socket double: records what the session sends and how it closes. */
class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: NotificationServerMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data) as NotificationServerMessage);
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
    this.readyState = 3;
  }
}

const principal: SocketPrincipal = { userId: 'ada', via: 'token', credentialId: 't1' };
const readable = new Set(['p1', 'p2', 'p3']);
const auth: NotificationAuth = {
  authenticate: () => Promise.resolve(principal),
  canRead: (_p, projectId) => (projectId === 'boom' ? Promise.reject(new Error('identity down')) : Promise.resolve(readable.has(projectId))),
  isActive: () => Promise.resolve(true),
};

function session(limits: Partial<NotificationLimits> = {}) {
  const socket = new FakeSocket();
  const followed: string[] = [];
  const s = new SocketSession(socket as unknown as WebSocket, principal, auth, { ...DEFAULT_NOTIFICATION_LIMITS, ...limits }, {
    subscribe: (_s, projectId) => void followed.push(projectId),
    unsubscribe: (_s, projectId) => void followed.splice(followed.indexOf(projectId), 1),
  });
  const say = (message: unknown) => s.onMessage(Buffer.from(typeof message === 'string' ? message : JSON.stringify(message)), false);
  return { s, socket, followed, say };
}

const event = (e: string): Extract<NotificationServerMessage, { type: 'event' }> => ({ type: 'event', event: e, projectId: 'p1', occurredAt: '2026-11-28T00:00:00.000Z', actorUserId: 'bob', payload: {} });

describe('SocketSession', () => {
  it('subscribes to a readable project and acknowledges with the request id', async () => {
    const { s, socket, followed, say } = session();
    await say({ type: 'subscribe', projectId: 'p1', id: 'a' });
    expect(socket.sent).toEqual([{ type: 'ack', op: 'subscribe', projectId: 'p1', id: 'a' }]);
    expect(followed).toEqual(['p1']);
    expect([...s.projects]).toEqual(['p1']);
    await say({ type: 'unsubscribe', projectId: 'p1' });
    expect(followed).toEqual([]);
  });

  it('answers NOT_FOUND for a project the user may not read (the same as a missing one)', async () => {
    const { socket, followed, say } = session();
    await say({ type: 'subscribe', projectId: 'other-org', id: 'x' });
    expect(socket.sent).toEqual([{ type: 'error', code: 'NOT_FOUND', message: 'project other-org not found', id: 'x' }]);
    expect(followed).toEqual([]);
    await say({ type: 'subscribe', projectId: 'boom' });
    expect(socket.sent[1]).toMatchObject({ type: 'error', code: 'UNAVAILABLE' });
  });

  it('names what is wrong with a bad message', async () => {
    const { socket, say } = session();
    await say('not json');
    await say({ type: 'subscribe' });
    await say({ type: 'shout', projectId: 'p1' });
    await say({ type: 'ping', extra: 1 });
    expect(socket.sent.map((m) => (m.type === 'error' ? `${m.code}: ${m.message}` : m.type))).toEqual([
      'BAD_MESSAGE: the message is not valid JSON',
      expect.stringMatching(/^BAD_MESSAGE: invalid message at projectId/),
      expect.stringMatching(/^BAD_MESSAGE: invalid message at type/),
      expect.stringMatching(/^BAD_MESSAGE: invalid message: .*extra/),
    ]);
  });

  it('limits subscriptions per socket and messages per 10 s', async () => {
    const { socket, say } = session({ maxSubscriptions: 2, maxMessagesPer10s: 5 });
    await say({ type: 'subscribe', projectId: 'p1' });
    await say({ type: 'subscribe', projectId: 'p2' });
    await say({ type: 'subscribe', projectId: 'p3' });
    expect(socket.sent[2]).toMatchObject({ type: 'error', code: 'LIMIT_EXCEEDED' });
    await say({ type: 'ping' });
    await say({ type: 'ping' });
    expect(socket.closed).toBeNull();
    await say({ type: 'ping' });
    expect(socket.closed).toEqual({ code: CLOSE.policy, reason: 'more than 5 messages in 10 s' });
  });

  it('drops progress events for a slow reader first, tells it how many, and closes it when far behind', () => {
    const { s, socket } = session({ dropProgressAboveBytes: 100, closeAboveBytes: 1_000 });
    socket.bufferedAmount = 500;
    expect(s.deliver(event('heuristics.runs.progress.v1'))).toBe(false);
    expect(s.deliver(event('export.snapshots.import-progress.v1'))).toBe(false);
    expect(s.deliver(event('heuristics.runs.finished.v1'))).toBe(true);
    expect(socket.sent.map((m) => m.type)).toEqual(['dropped', 'event']);
    expect(socket.sent[0]).toEqual({ type: 'dropped', count: 2 });
    socket.bufferedAmount = 2_000;
    expect(s.deliver(event('heuristics.runs.finished.v1'))).toBe(false);
    expect(socket.closed?.code).toBe(CLOSE.overloaded);
  });
});
