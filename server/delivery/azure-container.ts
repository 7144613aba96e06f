/**
 * A push target on Azure Blob Storage (server/config/delivery-settings.ts): the ObjectContainer
 * of a container push. Uploads stream as staged blocks committed at the end (uploadStream), so a
 * failed push leaves no blob; the sha256 goes into the blob's metadata.
 */
import type { Readable } from 'node:stream';
import type { AzureDeliveryTarget } from '../config/delivery-settings';
import { serviceClientFor } from '../storage/azure.blob-store';
import { type ObjectContainer, deliveryFailure, statusOfStorageError } from './object-container';

const BLOCK = 8 * 1024 * 1024;

/** Opens an Azure push target; nothing is contacted until the first call. */
export function openAzureContainer(target: AzureDeliveryTarget): ObjectContainer {
  const service = serviceClientFor(
    { connectionString: target.connectionString, ...(target.endpoint ? { endpoint: target.endpoint } : {}) },
    { retryOptions: { maxTries: target.attempts, retryDelayInMs: 200, maxRetryDelayInMs: 2_000 } },
  );
  const container = service.getContainerClient(target.container);
  const blob = (key: string) => container.getBlockBlobClient(key);
  return {
    locationOf: (key) => `azure://${target.container}/${key}`,
    async stat(key) {
      try {
        const properties = await blob(key).getProperties();
        return { bytes: properties.contentLength ?? 0, sha256: properties.metadata?.sha256 };
      } catch (error) {
        if (statusOfStorageError(error) === 404 && (error as { code?: string }).code !== 'ContainerNotFound') return undefined;
        throw deliveryFailure(error, target.name, 'look up an object');
      }
    },
    async write(key, body, sha256) {
      try {
        await blob(key).uploadStream(body, BLOCK, 2, { metadata: { sha256 } });
      } catch (error) {
        body.destroy();
        throw deliveryFailure(error, target.name, 'store an object');
      }
    },
    async read(key) {
      try {
        return (await blob(key).download()).readableStreamBody as Readable;
      } catch (error) {
        throw deliveryFailure(error, target.name, 'read an object back');
      }
    },
    async remove(key) {
      try {
        await blob(key).delete();
      } catch (error) {
        throw deliveryFailure(error, target.name, 'delete an object');
      }
    },
  };
}
