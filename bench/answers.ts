import { printEval, runEval } from './eval';

/** `npm run bench -- answers`: the same end-to-end evaluation as `npm run eval`, printed with the other figures. */
export async function benchAnswers(): Promise<void> {
  printEval(await runEval());
}
