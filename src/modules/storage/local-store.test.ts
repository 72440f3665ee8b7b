import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { blobStoreContract } from './blob-store.contract.js';
import { localBlobStore } from './blob-store.js';

blobStoreContract('local disk', async () =>
  localBlobStore(await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-local-store-'))),
);
