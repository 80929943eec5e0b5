import type { PrismaClient } from '../../generated/prisma/client';
import { nodeLoaderById } from '../../graphql/dataloader';
import { ApiKey } from './api-key.type';

export function authLoaders(prisma: PrismaClient) {
  return {
    apiKeyById: nodeLoaderById(ApiKey, (ids) => prisma.apiKey.findMany({ where: { id: { in: ids } } })),
  };
}
