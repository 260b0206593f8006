export { startStack, stackNamesFor, type RunningStack, type StackOptions, type StackNames, type StackPorts } from './stack.ts';
export { demoFeatureTable } from './demo-features.ts';
export { spawnPeel, type PeelChild, type ChildLine } from './peel-child.ts';
export { freePort, freeStackPorts } from './free-port.ts';
export { isAmqpReachable, isTcpReachable } from './tcp-check.ts';
export { deleteStackTopology } from './stack-topology.ts';
export { dropStackDatabases } from './stack-databases.ts';
