// BCD stores on disk (a regf hive of objects and elements, reference/boot-media.md §6): the object
// model, element and device codecs, hive mapping, reader and writer. Pure; no site knowledge.
export { writeBcdStore, readBcdStore, readBcdStoreFrom } from './store-bytes.js';
export { storeToHive, hiveToStore, BCD_ROOT_NAME } from './store-hive.js';
export { encodeDevice } from './device-encode.js';
export { decodeDevice } from './device-decode.js';
export { canonicalStore, describeStore, describeDevice, describeValue, storeToJson, elementName } from './describe-store.js';
export { bcdObjectId, BCD_NAMESPACE, ElementType, ObjectType, WellKnown, objectAlias, uuidV5 } from './ids.js';
export type { BcdDevice, BcdElement, BcdObject, BcdParent, BcdStore, BcdValue } from './types.js';
