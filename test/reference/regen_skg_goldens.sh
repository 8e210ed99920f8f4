set -e
cd /work/main
G=test/fixtures/unifiedskg; C=$G/configure; R=$G/rows
gen() { python3 test/reference/gen_skg_render_goldens.py "$@"; }
gen $C/META_TUNING/wikitq.cfg $R/wikitq-edges.jsonl validation > $G/golden/wikitq-edges.validation.jsonl
gen $C/META_TUNING/wikitq.cfg $R/wikitq-edges.jsonl train $C/Salesforce/T5_fixture_desc.cfg > $G/golden/wikitq-edges.train.desc.jsonl
gen $C/META_TUNING/tab_fact.cfg $R/tab_fact.jsonl test > $G/golden/tab_fact.test.jsonl
gen $C/META_TUNING/fetaqa.cfg $R/fetaqa.jsonl test > $G/golden/fetaqa.test.jsonl
gen $C/META_TUNING/wikisql.cfg $R/wikisql.jsonl validation > $G/golden/wikisql.validation.jsonl
gen $C/META_TUNING/kvret.cfg $R/kvret.jsonl validation > $G/golden/kvret.validation.jsonl
gen $C/META_TUNING/kvret.cfg $R/kvret.jsonl validation $C/Salesforce/T5_fixture_separate.cfg > $G/golden/kvret.validation.separate.jsonl
gen $C/META_TUNING/sparc_with_cell.cfg $R/sparc.jsonl validation > $G/golden/sparc.validation.jsonl
gen $C/META_TUNING/wikitq.cfg $R/instantiated.jsonl validation $C/Salesforce/T5_fixture_desc.cfg > $G/golden/instantiated.desc.jsonl
S=sources/sample/unifiedskg
for t in wikitq dart spider_with_cell; do for sp in train validation; do gen $S/configure/META_TUNING/$t.cfg $S/data/$t/$sp.jsonl $sp $S/configure/Salesforce/T5_base_sample_tasks.cfg > $G/golden/sample-$t.$sp.jsonl; done; done

gen $C/META_TUNING/spider_with_cell_nl.cfg $R/spider-nl.jsonl validation > $G/golden/spider-nl.validation.jsonl
python3 test/reference/skg_linearize.py < $G/diff/cases.jsonl > $G/diff/golden.jsonl
