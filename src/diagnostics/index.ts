export * from './diagnostic.js';
export * from './errors.js';
export { didYouMean, editDistance } from './did-you-mean.js';
export { exitCodeFor, exitCodeOf } from './exit-codes.js';
