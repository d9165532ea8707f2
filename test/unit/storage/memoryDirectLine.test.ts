import { MemoryDirectLineLog } from '../../../src/storage/memory/directLineLog';
import { describeDirectLineLogContract } from './directLineLog.contract';

describeDirectLineLogContract('MemoryDirectLineLog', async (limits) => {
  const log = new MemoryDirectLineLog(limits);
  return { log, other: log, dispose: async () => {} };
});
