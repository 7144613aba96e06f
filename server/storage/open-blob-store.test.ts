/**
 * Which backend STORAGE_URL picks, and the refusals of URLs no backend understands.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config';
import { fsRootFromUrl, openBlobStore } from './open-blob-store';

describe('openBlobStore', () => {
  it('opens a folder store for file: URLs, relative paths taken from the working directory', () => {
    expect(openBlobStore({ url: 'file:/data/blobs', quotaBytes: 0 }).description).toBe('file:/data/blobs');
    expect(fsRootFromUrl('file:data/blobs')).toBe(resolve('data/blobs'));
    expect(fsRootFromUrl('file:///srv/blobs')).toBe('/srv/blobs');
  });

  it('describes S3 and Azure stores without credentials', () => {
    const s3 = openBlobStore({
      url: 's3://egress/blobs?endpoint=http%3A%2F%2F127.0.0.1%3A9000&region=eu-west-2',
      s3AccessKeyId: 'AKIDEXAMPLE',
      s3SecretAccessKey: 'very-secret',
      quotaBytes: 0,
    });
    expect(s3.description).toBe('s3://egress/blobs at http://127.0.0.1:9000');
    const azure = openBlobStore({ url: 'azure://egress/', azureConnectionString: 'AccountName=a;AccountKey=c2VjcmV0', quotaBytes: 0 });
    expect(azure.description).toBe('azure://egress/');
    expect(JSON.stringify([s3.description, azure.description])).not.toMatch(/secret|AKID|c2VjcmV0/);
  });

  it('refuses an unknown scheme naming the forms it accepts', () => {
    expect(() => openBlobStore({ url: 'gs://bucket/x', quotaBytes: 0 })).toThrow(ConfigError);
    expect(() => openBlobStore({ url: 'gs://bucket/x', quotaBytes: 0 })).toThrow(/file:PATH, s3:\/\/BUCKET\/PREFIX.*azure:\/\/CONTAINER/);
  });

  it('refuses an azure:// store without a connection string and a URL without a bucket', () => {
    expect(() => openBlobStore({ url: 'azure://egress', quotaBytes: 0 })).toThrow(/AZURE_STORAGE_CONNECTION_STRING/);
    expect(() => openBlobStore({ url: 's3:///prefix', quotaBytes: 0 })).toThrow(ConfigError);
    expect(() => openBlobStore({ url: 'file:', quotaBytes: 0 })).toThrow(ConfigError);
  });
});
