/** Rules upstream leaves open, and how iml-bench settles them; recorded in every manifest. */
export const DECISIONS: Record<string, string> = {
  randomness:
    "every random choice draws from seedrandom streams keyed by JSON [seed, stage, ...scope]; seeded ranks are sha256 of the same key",
  train_order: "train.jsonl is sorted by sha256([seed, 'shuffle', record id]) (a seeded shuffle, merged from per-task runs)",
  eval_instances: "evaluation tasks keep the first N instances of their evaluation pool, as Super-NI takes Instances[:100]",
  train_cap: "training tasks keep the N instances with the smallest seeded rank (Tk-Instruct shuffles unseeded)",
  heldout_task_fraction:
    "per category round(n * fraction), at least 1 when the fraction is positive, never all n; the tasks with the smallest seeded rank",
  heldout_instance: "count, or round(n * fraction), of each training task's pool by seeded rank, never all of it",
  shared_dataset: "a training task sharing a canonical dataset id with any held-out-category or held-out-task task is dropped",
  tk_target: "the training target is one reference drawn from a seeded stream; references keep all",
  template_choice: "random_one tries the allowed templates in a seeded order and keeps the first that applies",
  eval_failing_templates:
    "with drop_failing_eval_templates, a template that fails on any evaluated instance of a task is dropped for that task",
  eval_file_names: "eval/<level>/<task name>.jsonl, '/' in names as '__'; colliding names get '<source>__'",
};
