import { MemoryDocumentStore } from '../../../src/storage/memory/memoryDocumentStore';
import { describeDocumentStoreContract } from './documentStore.contract';

describeDocumentStoreContract('MemoryDocumentStore', async () => ({
  store: new MemoryDocumentStore(),
  dispose: async () => {},
}));
