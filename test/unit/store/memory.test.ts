import { MemoryBoardStore } from '../../../server/store/memory.ts';
import { boardStoreContract } from './contract.ts';

boardStoreContract('memory', async () => {
  const store = new MemoryBoardStore();
  return { store, openAnother: async () => store, cleanup: () => store.close() };
});
