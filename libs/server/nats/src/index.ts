export * from './envelope.js';
export * from './nats-connection.js';
export * from './nats-bus.js';
export * from './nats-handler.decorator.js';
export * from './envelope-nats.server.js';
