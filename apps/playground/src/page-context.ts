/** What every page gets from the shell around it. */
export interface PageContext {
  /**
   * Runs a long task (training, generating): the backend picker is locked meanwhile, and an error
   * is shown in `status` (and rethrown to nobody: the page stays usable).
   */
  run(status: HTMLElement, task: () => Promise<void>): Promise<void>;
}

/** A page of the playground. */
export interface Page {
  /** The page's content. */
  element: HTMLElement;
  /** Called each time the page is shown (charts need to be in the document to size themselves). */
  shown(): Promise<void>;
}
