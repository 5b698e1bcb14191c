"""The Purna model: the rules of the returnee empowerment model, in pure Python.

Everything the model decides lives here: how a NIK and an area code are checked, the
identification instrument and how its answers are scored, the quadrant a family falls in,
the pathway of modules each quadrant gets, which assessment counts and when sources
disagree, and the privacy rules for small counts.

Why a separate package with no Django: the rules are what the paper and the programme
staff argue about, so they must be readable in one place and tested in milliseconds
without a database. Apps load rows, call these functions with plain values, and store the
results; nothing here knows about models, requests or translations. Errors carry machine
codes (`exc.reason`) that the apps turn into messages in the user's language.

`tests/test_purity.py` fails if anything here imports Django or another Purna app.
Import from the modules themselves (`from purna.core.scoring import classify`); this
package re-exports nothing so that each name has one home.
"""
