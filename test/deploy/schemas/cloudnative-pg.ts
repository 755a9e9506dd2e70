/**
 * CloudNativePG's custom resources (postgresql.cnpg.io/v1, operator 1.24+), transcribed from its API
 * reference for the fields Slotline's manifests use or may reasonably use next. No package ships these
 * types; TypeSchemas checks the rendered manifests against them strictly, so a field outside this list is
 * either a typo or a reason to extend the transcription (from the same reference) deliberately.
 */
import type { IIoK8sApimachineryPkgApisMetaV1ObjectMeta as ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import type { IIoK8sApiCoreV1ResourceRequirements as ResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { IIoK8sApiCoreV1PodTemplateSpec as PodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';

interface LocalObjectReference {
  name: string;
}

interface SecretKeySelector {
  name: string;
  key: string;
}

type Compression = 'gzip' | 'bzip2' | 'snappy' | 'lz4' | 'xz' | 'zstd';

interface BarmanObjectStore {
  destinationPath: string;
  endpointURL?: string;
  serverName?: string;
  s3Credentials?: {
    accessKeyId?: SecretKeySelector;
    secretAccessKey?: SecretKeySelector;
    region?: SecretKeySelector;
    sessionToken?: SecretKeySelector;
    inheritFromIAMRole?: boolean;
  };
  wal?: { compression?: Compression; encryption?: 'AES256' | 'aws:kms'; maxParallel?: number };
  data?: {
    compression?: Compression;
    encryption?: 'AES256' | 'aws:kms';
    jobs?: number;
    immediateCheckpoint?: boolean;
  };
  tags?: Record<string, string>;
  historyTags?: Record<string, string>;
}

interface RoleConfiguration {
  name: string;
  ensure?: 'present' | 'absent';
  comment?: string;
  login?: boolean;
  superuser?: boolean;
  createdb?: boolean;
  createrole?: boolean;
  inherit?: boolean;
  replication?: boolean;
  bypassrls?: boolean;
  connectionLimit?: number;
  validUntil?: string;
  inRoles?: string[];
  passwordSecret?: LocalObjectReference;
  disablePassword?: boolean;
}

interface ClusterSpec {
  instances: number;
  imageName?: string;
  description?: string;
  primaryUpdateStrategy?: 'unsupervised' | 'supervised';
  primaryUpdateMethod?: 'switchover' | 'restart';
  enableSuperuserAccess?: boolean;
  postgresql?: {
    parameters?: Record<string, string>;
    pg_hba?: string[];
    shared_preload_libraries?: string[];
    synchronous?: {
      method: 'any' | 'first';
      number: number;
      dataDurability?: 'required' | 'preferred';
      maxStandbyNamesFromCluster?: number;
      standbyNamesPre?: string[];
      standbyNamesPost?: string[];
    };
  };
  bootstrap?: {
    initdb?: {
      database?: string;
      owner?: string;
      secret?: LocalObjectReference;
      encoding?: string;
      localeCollate?: string;
      localeCType?: string;
      dataChecksums?: boolean;
      postInitSQL?: string[];
      postInitApplicationSQL?: string[];
      postInitTemplateSQL?: string[];
    };
    recovery?: {
      source?: string;
      database?: string;
      owner?: string;
      secret?: LocalObjectReference;
      backup?: LocalObjectReference;
      recoveryTarget?: {
        backupID?: string;
        targetTLI?: string;
        targetXID?: string;
        targetName?: string;
        targetLSN?: string;
        targetTime?: string;
        targetImmediate?: boolean;
        exclusive?: boolean;
      };
    };
  };
  externalClusters?: Array<{
    name: string;
    connectionParameters?: Record<string, string>;
    barmanObjectStore?: BarmanObjectStore;
  }>;
  managed?: { roles?: RoleConfiguration[] };
  storage?: { size?: string; storageClass?: string; resizeInUseVolumes?: boolean };
  walStorage?: { size?: string; storageClass?: string; resizeInUseVolumes?: boolean };
  resources?: ResourceRequirements;
  affinity?: {
    enablePodAntiAffinity?: boolean;
    topologyKey?: string;
    podAntiAffinityType?: 'preferred' | 'required';
    nodeSelector?: Record<string, string>;
  };
  monitoring?: { enablePodMonitor?: boolean; disableDefaultQueries?: boolean };
  backup?: {
    retentionPolicy?: string;
    target?: 'primary' | 'prefer-standby';
    barmanObjectStore?: BarmanObjectStore;
  };
}

export interface ICluster {
  apiVersion: 'postgresql.cnpg.io/v1';
  kind: 'Cluster';
  metadata: ObjectMeta;
  spec: ClusterSpec;
}

export interface IPooler {
  apiVersion: 'postgresql.cnpg.io/v1';
  kind: 'Pooler';
  metadata: ObjectMeta;
  spec: {
    cluster: LocalObjectReference;
    instances?: number;
    type?: 'rw' | 'ro';
    pgbouncer: {
      poolMode?: 'session' | 'transaction';
      parameters?: Record<string, string>;
      pg_hba?: string[];
      paused?: boolean;
      authQuery?: string;
      authQuerySecret?: LocalObjectReference;
    };
    template?: PodTemplateSpec;
    monitoring?: { enablePodMonitor?: boolean };
  };
}

export interface IScheduledBackup {
  apiVersion: 'postgresql.cnpg.io/v1';
  kind: 'ScheduledBackup';
  metadata: ObjectMeta;
  spec: {
    schedule: string;
    cluster: LocalObjectReference;
    backupOwnerReference?: 'none' | 'self' | 'cluster';
    immediate?: boolean;
    suspend?: boolean;
    target?: 'primary' | 'prefer-standby';
    method?: 'barmanObjectStore' | 'volumeSnapshot' | 'plugin';
  };
}
