/** Escalation to a support agent: the case, its state machine, the queue, support hours and what agents see. */
export * from './case';
export * from './transitions';
export * from './queue';
export * from './hours';
export * from './agentCommands';
export * from './announcement';
