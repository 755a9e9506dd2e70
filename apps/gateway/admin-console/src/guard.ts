import { hideNotice, showProblem } from './notice';
import { ProblemError } from './session';

/** Runs a UI action; a problem+json answer is shown with its message and trace id, not thrown. */
export async function guard(work: () => Promise<void>): Promise<boolean> {
  try {
    hideNotice();
    await work();
    return true;
  } catch (err) {
    if (err instanceof ProblemError) {
      showProblem(err.problem);
      return false;
    }
    throw err;
  }
}
