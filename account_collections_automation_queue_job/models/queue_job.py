# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""A collections job that failed for good (queue_job gave up retrying, or its
error is not one to retry) is told where users look: a process's failed batch
on the process's chatter, an automation's failed job in its log.

An automation's job whose action has no *Stop on error* does not hold the
rest of the run: as the inline run logs the failed action and goes on, the
jobs that wait for the failed one wait for it no more."""

import logging
from functools import partial

from psycopg2 import OperationalError

from odoo import SUPERUSER_ID, api, models
from odoo.modules.registry import Registry

from odoo.addons.queue_job.job import PENDING, WAIT_DEPENDENCIES, Job

_logger = logging.getLogger(__name__)

# The collections job functions, by model, and who is told of their failure.
COLLECTIONS_MODELS = ("collection.process", "collection.automation.action")


def _release_after_commit(dbname, uuids):
    """Once the failure is committed, the released jobs are checked again in a
    new transaction: a job they also waited for, done meanwhile in another
    transaction that did not see the failure, left them waiting."""
    try:
        with Registry(dbname).cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["queue.job"]._collection_enqueue_released(
                uuids)
    except OperationalError:
        # Another transaction changed them meanwhile: queue_job's own release did.
        _logger.info("Collections jobs %s: released by another transaction", uuids)


class QueueJob(models.Model):
    _inherit = "queue.job"

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") == "failed":
            for job in self.filtered(lambda j: j.model_name in COLLECTIONS_MODELS):
                job._collection_record_failure()
        return result

    def _collection_record_failure(self):
        self.ensure_one()
        error = self.exc_message or self.exc_name or self.exc_info or ""
        records = self.records.sudo().exists()
        if self.model_name == "collection.process":
            for process in records:
                process._collection_job_failed(self, error)
            return
        log_id = (self.kwargs or {}).get("log_id")
        for action in records:
            action.automation_id._collection_job_failed(self, error, log_id=log_id)
        if records and not any(records.mapped("stop_on_error")):
            self._collection_release_dependents()

    def _collection_release_dependents(self):
        """This failed job leaves the dependencies of the jobs waiting for it
        (it stays in its own ``reverse_depends_on``: queue_job's graph still
        shows the link, and a requeue of it releases nothing twice); those
        whose other dependencies are done are pending, as queue_job makes
        them when their dependencies are done. Returns their uuids."""
        self.ensure_one()
        children = self.sudo().search([
            ("uuid", "in", (self.dependencies or {}).get("reverse_depends_on") or []),
            ("graph_uuid", "=", self.graph_uuid),
            ("state", "=", WAIT_DEPENDENCIES),
        ])
        for child in children:
            dependencies = dict(child.dependencies)
            dependencies["depends_on"] = [
                uuid for uuid in dependencies.get("depends_on") or [] if uuid != self.uuid]
            child.write({"dependencies": dependencies})
        uuids = children.mapped("uuid")
        if uuids:
            self._collection_enqueue_released(uuids)
            self.env.cr.postcommit.add(partial(_release_after_commit, self.env.cr.dbname, uuids))
        return uuids

    def _collection_enqueue_released(self, uuids):
        """Jobs waiting whose dependencies are all done become pending
        (queue_job's own rule, ``Job.set_pending``)."""
        for job in Job.load_many(self.env, uuids):
            if job.state != WAIT_DEPENDENCIES:
                continue
            job.set_pending(reset_retry=False)
            if job.state == PENDING:
                job.store()
