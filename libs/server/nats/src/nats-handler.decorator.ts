import { EventPattern, MessagePattern } from '@nestjs/microservices';
import type { EventContract, RequestContract } from '@refinery/contracts';

/** Contracts of every decorated handler, by subject; the transport refuses unknown subjects. */
export const handlerContracts = new Map<string, RequestContract | EventContract>();

/** Marks a method as the handler of a request subject; it receives the validated envelope. */
export function NatsRequestHandler(contract: RequestContract): MethodDecorator {
  handlerContracts.set(contract.subject, contract);
  return MessagePattern(contract.subject) as MethodDecorator;
}

/** Marks a method as a handler of an event subject (one replica of the queue group gets it). */
export function NatsEventHandler(contract: EventContract): MethodDecorator {
  handlerContracts.set(contract.subject, contract);
  return EventPattern(contract.subject) as MethodDecorator;
}
