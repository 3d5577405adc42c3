export { recordRating, recordRatings, boxPressKey, ratingGraceMs, RatingRejected, type RatingInput, type RatingResult, type RecordOptions } from './record';
export { decideAttribution, inRatingWindow, DEFAULT_GRACE_MS, type Attribution, type CandidateEvent } from './attribution';
export { buttonToLevel } from './levels';
