"""Share and trace: fingerprinted releases and the leaks they explain.

The public function ``piguard.trace(path)`` is ``accuse.trace``; the
package ``piguard`` keeps that function under the name ``trace`` even after
this package is imported (see ``piguard._Package``).

Modules: ``share`` (write a recipient's copy), ``canary`` (synthetic
customers), ``marks`` (address renderings), ``tardos`` (the code),
``ledger`` (tables), ``match`` (rows to customers), ``accuse`` (scores and
verdicts), ``stats`` (tails), ``complaints`` (access-log tracing),
``evidence`` (the HTML report).
"""
