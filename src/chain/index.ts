// The image-chain validator's public surface.
export { walkChains, DEFAULT_MAX_DEPTH, type ChainTop } from './walk-chains.js';
export { chainInfo, chainNodes, type ChainInfo } from './chain-info.js';
export type { ChainNode, ChainOptions, ChainReport, FileSource, FileStat, OpenFile } from './types.js';
export { checkSiteImages } from './check-site-images.js';
export { planImage, CREATE_FORMATS, type CreateFormat, type ImageCreateRequest, type PlannedImage } from './plan-image.js';
export { imageTreeMermaid, imageTreeText } from './image-tree.js';
