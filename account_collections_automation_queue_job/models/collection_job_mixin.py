# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""What the process and the automation share with queue_job: the identity
key of a job (its kind, its record, its date and the ids of its batch), the
batches' size, and the progress of the jobs of the last run."""

import hashlib

from odoo import api, fields, models
from odoo.tools import split_every

from odoo.addons.account_collections_automation.models import collection_process

# Job states that hold a batch: queued, running or done. A failed or
# cancelled job does not: the next run of that date queues the batch again.
HOLDING_STATES = ("wait_dependencies", "pending", "enqueued", "started", "done")
BATCH_SIZE_PARAM = "account_collections_automation_queue_job.batch_size"


def job_key(kind, record_id, date, *parts, ids=None):
    """``collections.<kind>:<record id>:<date>:<parts>:<digest of ids>``: the
    same batch of the same record on the same date has the same key."""
    items = [f"collections.{kind}", str(record_id), fields.Date.to_string(date)]
    items += [str(part) for part in parts]
    if ids is not None:
        text = ",".join(str(i) for i in sorted(ids))
        items.append(f"{len(ids)}-{hashlib.sha1(text.encode()).hexdigest()[:16]}")
    return ":".join(items)


class CollectionJobMixin(models.AbstractModel):
    _name = "collection.job.mixin"
    _description = "Collections Jobs (queue_job)"

    collection_job_date = fields.Date(
        string="Jobs Date", readonly=True, copy=False,
        help="The date of the last run queued as jobs.")
    collection_job_total = fields.Integer(
        string="Jobs", compute="_compute_collection_jobs",
        help="The jobs of the last run queued (batches of customers and their follow-ups).")
    collection_job_done = fields.Integer(string="Jobs Done", compute="_compute_collection_jobs")
    collection_job_failed = fields.Integer(
        string="Jobs Failed", compute="_compute_collection_jobs")
    collection_job_progress = fields.Float(
        string="Progress", compute="_compute_collection_jobs",
        help="Jobs done out of the jobs of the last run, in percent.")

    def _collection_job_kind(self):
        raise NotImplementedError

    def _collection_job_prefix(self):
        self.ensure_one()
        return job_key(self._collection_job_kind(), self.id, self.collection_job_date) + ":"

    def _compute_collection_jobs(self):
        Job = self.env["queue.job"].sudo()
        for record in self:
            counts = {}
            if record.id and record.collection_job_date:
                counts = dict(Job._read_group(
                    [("identity_key", "=like", record._collection_job_prefix() + "%")],
                    ["state"], ["__count"]))
            total = sum(counts.values())
            record.collection_job_total = total
            record.collection_job_done = counts.get("done", 0)
            record.collection_job_failed = counts.get("failed", 0)
            record.collection_job_progress = (
                100.0 * record.collection_job_done / total if total else 0.0)

    @api.model
    def _collection_job_held(self, key):
        """Whether a job with this identity key is queued, running or done."""
        return bool(self.env["queue.job"].sudo().search_count(
            [("identity_key", "=", key), ("state", "in", HOLDING_STATES)], limit=1))

    @api.model
    def _collection_job_done(self, key):
        """Whether a job with this identity key is done."""
        return bool(self.env["queue.job"].sudo().search_count(
            [("identity_key", "=", key), ("state", "=", "done")], limit=1))

    @api.model
    def _collection_job_batches(self, partner_ids):
        """``partner_ids`` in batches of the configured size (system parameter
        ``account_collections_automation_queue_job.batch_size``, else the
        addon's batch size): a batch of customers is one job."""
        size = int(self.env["ir.config_parameter"].sudo().get_param(BATCH_SIZE_PARAM, 0) or 0)
        size = size if size > 0 else collection_process.BATCH_SIZE
        return list(split_every(size, sorted(partner_ids), list))

    def action_view_collection_jobs(self):
        """The jobs of the last run, in queue_job's list."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("queue_job.action_queue_job")
        action.update(domain=[("identity_key", "=like", self._collection_job_prefix() + "%")],
                      context={})
        return action
