/** One analyser of English text for knowledge search and account intents: normalise, tokenise, stem, vocabulary, typo correction. */
export { TermAnalyser } from './analyser';
export { TermCorrector, type Vocabulary as CorrectionVocabulary } from './correction';
export { phraseKey } from './phrases';
export { stem } from './stemmer';
export { normalise, terms, tokenize, words, type Token, type Word } from './tokenizer';
export { Vocabulary, VocabularyError, type VocabularyData } from './vocabulary';
