# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections process: the difference between two strategies, customer by
customer (``simulate_diff``), built on the facts ``simulate`` decides from.
The engine (``engine/strategy.py``) says what each strategy does next and
what differs; nothing is written."""

import dataclasses
from collections import defaultdict

from odoo import Command, _, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import split_every

from ..engine import process as process_engine
from ..engine import strategy
from ..engine.amounts import to_decimal
from ..engine.errors import ConfigError
from . import collection_process

# The process settings an unsaved edit may change (besides pool_id and step_ids).
EDITABLE = ("rank", "quiet_days", "exclude_mode", "exclude_amount", "use_prediction",
            "track_step", "exclude_after_last_step")
STEP_FIELDS = {field.name for field in dataclasses.fields(process_engine.StepConfig)} - {"id"}


class CollectionProcess(models.Model):
    _inherit = "collection.process"  # pylint: disable=consider-merging-classes-inherited

    def simulate_diff(self, other, date=None):
        """What this process and ``other`` would do for each customer from
        ``date`` (today by default), where they differ; writes nothing.

        ``other``: another process of the same company, or a dict of unsaved
        values of this process (``rank``, ``pool_id``, ``quiet_days``,
        ``exclude_mode``, ``exclude_amount``, ``use_prediction``,
        ``track_step``, ``exclude_after_last_step``, and
        ``step_ids`` as create / update / delete commands). Another process
        is applied to the customers of either (what it would do for this
        one's customers, and the other way round); an edit to the customers
        the process takes now and would take with the edit (a changed pool
        or rank moves customers in or out). Returns a list of
        ``{"partner_id", "this", "other", "changes"}``: ``this`` and ``other``
        are ``{"step", "action_type", "date", "move_ids"}`` or False (does
        nothing), ``changes`` the kinds of ``vocabulary.STRATEGY_CHANGES``.
        """
        self.ensure_one()
        today = fields.Date.to_date(date) or fields.Date.context_today(self)
        this = self.with_company(self.company_id)
        mine_config = this._collection_engine_config()
        if isinstance(other, dict):
            their_config, their_customers = this._collection_edited(other)
        else:
            other.ensure_one()
            if other.company_id != self.company_id:
                raise ValidationError(_(
                    "Other Process: %(value)s belongs to %(company)s; compare processes of "
                    "%(this_company)s only.", value=other.display_name,
                    company=other.company_id.display_name,
                    this_company=self.company_id.display_name))
            other = other.with_company(self.company_id)
            their_config = other._collection_engine_config()
            their_customers = set(this._collection_diff_customers()) | set(
                other._collection_diff_customers())
        mine_customers = set(this._collection_diff_customers())
        if not isinstance(other, dict):
            mine_customers = their_customers
        # One set of facts for both: with every optional fact, each
        # configuration uses those it needs.
        gatherer = this.new({"company_id": self.company_id.id, "exclude_mode": "aged_balance",
                             "use_prediction": True})
        rows = []
        for batch in split_every(collection_process.BATCH_SIZE,
                                 sorted(mine_customers | their_customers), list):
            for facts in gatherer._collection_iter_customer_facts(batch, today):
                mine = strategy.outlook(mine_config, facts, today) \
                    if facts.partner_id in mine_customers else None
                theirs = strategy.outlook(their_config, facts, today) \
                    if facts.partner_id in their_customers else None
                changes = strategy.changes(mine, theirs)
                if changes:
                    rows.append({"partner_id": facts.partner_id, "this": _outlook(mine),
                                 "other": _outlook(theirs), "changes": list(changes)})
        return rows

    def action_compare_strategies(self):
        self.ensure_one()
        return self.env["collection.process.diff"]._open_for(self)

    def _collection_edited(self, values):
        """The engine configuration of this process with the unsaved ``values``
        and the customers it would take; refuses what the form would."""
        self.ensure_one()
        unknown = set(values) - set(EDITABLE) - {"pool_id", "step_ids", "company_id"}
        if unknown:
            raise ValidationError(_("%(field)s: not a setting the comparison can change.",
                                    field=", ".join(sorted(unknown))))
        company = values.get("company_id", self.company_id.id)
        if company != self.company_id.id:
            raise ValidationError(_(
                "Company: %(value)s is not the company of %(process)s; compare processes "
                "of one company only.",
                value=self.env["res.company"].browse(company).display_name,
                process=self.display_name))
        config = self._collection_engine_config()
        settings = {name: values[name] for name in EDITABLE if name in values}
        if "exclude_amount" in settings:
            settings["exclude_amount"] = to_decimal(settings["exclude_amount"])
        steps = {step.id: step for step in config.steps}
        created = 0
        for command in values.get("step_ids", ()):
            operation, step_id = command[0], command[1]
            if operation == Command.CREATE:
                created += 1
                new = self.env["collection.process.step"].new(command[2])
                steps[-created] = dataclasses.replace(new._collection_step_config(), id=-created)
            elif operation == Command.UPDATE:
                steps[step_id] = dataclasses.replace(steps[step_id], **{
                    name: value for name, value in command[2].items() if name in STEP_FIELDS})
            elif operation in (Command.DELETE, Command.UNLINK):
                steps.pop(step_id, None)
        config = dataclasses.replace(config, steps=tuple(steps.values()), **settings)
        try:
            process_engine.validate_process(config)  # its steps too
        except ConfigError as error:
            raise self._collection_config_error(error) from error
        except ValueError as error:
            raise ValidationError(str(error)) from error
        pool = self.env["collection.pool"].browse(values["pool_id"]) \
            if "pool_id" in values else self.pool_id
        return config, set(self._collection_diff_customers(pool, config.rank))

    def _collection_diff_customers(self, pool=None, rank=None):
        """The customers this process takes, or would take with ``pool`` and
        ``rank`` instead of its own (the assignment's rules, in memory)."""
        self.ensure_one()
        if pool is None or (pool == self.pool_id and rank == self.rank):
            return self._collection_plan()[self.id]
        Partner = self.env["res.partner"]
        processes = self.search([("company_id", "=", self.company_id.id), ("id", "!=", self.id)])
        matches = defaultdict(list)
        for process, process_pool, process_rank in [
                (process, process.pool_id, process.rank) for process in processes
        ] + [(self, pool, rank)]:
            if process_pool:
                for partner_id in Partner.search(process_pool._partner_search_domain()).ids:
                    matches[partner_id].append((process_rank, process.id))
        manual = Partner.search([("collection_process_id", "in", (processes | self).ids)])
        assignments = process_engine.assign(
            matches, {partner.id: partner.collection_process_id.id for partner in manual}, {})
        return [partner_id for partner_id, assignment in assignments.items()
                if assignment.process_id == self.id]


def _outlook(outlook):
    if outlook is None:
        return False
    return {"step": outlook.step, "action_type": outlook.action_type, "date": outlook.date,
            "move_ids": sorted(outlook.items)}
