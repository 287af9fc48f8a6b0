# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""A reminder automation's chain of jobs when a job fails for good: without
*Stop on error* on its action the run goes on (as the inline run), the failed
action's log keeps its failure, and a requeue of the failed job does its work
once; with it the later jobs wait (until the failed job is requeued)."""

from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account_collections_automation.tests.test_reminders import (
    TODAY,
    ReminderCommon,
)
from odoo.addons.queue_job.job import Job

from .test_queue_job import BRIDGE, run_job


@tagged("post_install", "-at_install")
class TestAutomationChain(ReminderCommon):
    def _run_with_a_failing_batch(self, stop_on_error):
        """create (batches of one customer) then issue then send; the batch of
        the first customer fails for good: its action's filter names a field
        that is gone when it runs, and is mended before the other batch runs
        (the failing batch runs first: the other one, done after it, releases
        the closing job through queue_job's own release)."""
        self.env["ir.config_parameter"].sudo().set_param(f"{BRIDGE}.batch_size", "1")
        self.other = self._customer("Customer Two", self.term)
        for customer in self.customer | self.other:
            self._invoice(customer, TODAY - timedelta(days=20), 100)
        self.automation = self.env["collection.automation"].create({
            "name": "Chained automation",
            "term_ids": [Command.set(self.term.ids)],
            "action_ids": [
                Command.create({"sequence": 1, "action_type": "create",
                                "stop_on_error": stop_on_error}),
                Command.create({"sequence": 2, "action_type": "issue"}),
                Command.create({"sequence": 3, "action_type": "send"}),
            ],
        })
        logs = self.automation.run(TODAY)
        jobs = self._jobs()
        batches = jobs.filtered(lambda job: job.method_name == "_collection_create_job")
        self.assertEqual(len(jobs), 5, "two batches, closing the create, issue, send")
        failing = batches.filtered(lambda job: job.args[0] == self.customer.ids)
        self._fail(failing, logs[0].action_id)
        self.assertEqual(run_job(self.env, batches - failing).state, "done")
        # Closing the create, issue, send: in the chain's order (their logs').
        return logs, (jobs - batches).sorted(lambda job: job.kwargs["log_id"]), failing

    def _fail(self, job, action):
        self._set_filter(action, "[('x_gone', '=', 1)]")
        failed = run_job(self.env, job)
        self.assertEqual((failed.state, failed.exc_name),
                         ("failed", "odoo.exceptions.ValidationError"))
        self._set_filter(action, "[]")

    def _jobs(self):
        return self.env["queue.job"].sudo().search(
            [("identity_key", "=like", f"collections.reminders:{self.automation.id}:%")],
            order="id")

    def _set_filter(self, action, domain):
        self.env.cr.execute(
            "UPDATE collection_automation_action SET filter_domain = %s WHERE id = %s",
            [domain, action.id])
        action.invalidate_recordset()

    def _reminders(self):
        return self.env["collection.reminder"].search(
            [("automation_id", "=", self.automation.id)])

    def _progress(self):
        automation = self.automation.sudo()
        automation.invalidate_recordset()
        return (automation.collection_job_total, automation.collection_job_done,
                automation.collection_job_failed)

    def test_a_failed_batch_without_stop_on_error_lets_the_run_go_on(self):
        logs, later_jobs, failing = self._run_with_a_failing_batch(stop_on_error=False)
        create_log, issue_log, send_log = logs
        for job in later_jobs:
            self.assertEqual(job.state, "pending", job.name)
            self.assertEqual(run_job(self.env, job).state, "done", job.name)
        self.assertEqual(
            (create_log.state, create_log.message, create_log.failed_count,
             create_log.created_count),
            ("failed", failing.exc_message, 1, 1), "the failure kept, counted once")
        self.assertIn("x_gone", create_log.message)
        self.assertEqual((issue_log.state, issue_log.issued_count), ("done", 1))
        self.assertEqual((send_log.state, send_log.sent_count), ("done", 1))
        reminder = self._reminders()
        self.assertEqual((reminder.partner_id, reminder.state, reminder.send_count),
                         (self.other, "issued", 1))
        told = self.automation.message_ids.filtered(lambda m: "x_gone" in (m.body or ""))
        self.assertEqual(len(told), 1, "the failure told once on the chatter")
        self.assertEqual(self._progress(), (5, 4, 1))

        # The cause fixed, the failed job is requeued from queue_job's list:
        # it creates the missing reminder, once; nothing after it runs again.
        failing.requeue()
        self.assertEqual(failing.state, "pending")
        self.assertEqual(run_job(self.env, failing).state, "done")
        self.assertEqual(set(later_jobs.mapped("state")), {"done"})
        self.assertEqual(
            (create_log.state, create_log.failed_count, create_log.created_count),
            ("failed", 1, 2), "its reminder added to the log's count")
        self.assertEqual((issue_log.issued_count, send_log.sent_count), (1, 1))
        reminders = self._reminders()
        self.assertEqual(sorted(reminders.partner_id.ids),
                         sorted((self.customer | self.other).ids), "one reminder each")
        self.assertEqual(reminders.filtered(lambda r: r.partner_id == self.customer).state,
                         "draft", "created after the run's issue: the next run issues it")
        self.assertEqual(reminder.send_count, 1)
        self.assertEqual(self._progress(), (5, 5, 0))
        # Its identity key holds the batch: another run of that date does not
        # queue it again (nor the other batch).
        self.assertEqual(len(self._jobs().filtered(
            lambda job: job.identity_key == failing.identity_key)), 1)
        before = self._jobs()
        self.automation.run(TODAY)
        self.assertFalse((self._jobs() - before).filtered(
            lambda job: job.method_name == "_collection_create_job"))

    def test_a_failed_batch_with_stop_on_error_holds_the_run_until_requeued(self):
        logs, later_jobs, failing = self._run_with_a_failing_batch(stop_on_error=True)
        self.assertEqual(set(later_jobs.mapped("state")), {"wait_dependencies"})
        self.assertEqual(logs.mapped("state"), ["failed", "running", "running"])
        self.assertEqual(self._reminders().partner_id, self.other)
        # Requeued once the cause is fixed: the run resumes and the create's
        # log is closed as done with both reminders.
        failing.requeue()
        self.assertEqual(run_job(self.env, failing).state, "done")
        for job in later_jobs:
            self.assertEqual(job.state, "pending", job.name)
            self.assertEqual(run_job(self.env, job).state, "done", job.name)
        self.assertEqual(logs.mapped("state"), ["done", "done", "done"])
        self.assertEqual((logs[0].created_count, logs[1].issued_count, logs[2].sent_count),
                         (2, 2, 2))
        self.assertEqual(set(self._reminders().mapped("state")), {"issued"})

    def test_a_sibling_done_unseen_by_the_failure_is_checked_after_its_commit(self):
        """On two workers the failed batch and the other one end in two
        transactions: the other's release (queue_job's, once it is committed)
        may not see the failure yet, and the failure's release may see the
        other still started. Once the failure is committed, its jobs are
        checked again (``_collection_enqueue_released``, after the commit)."""
        self.env["ir.config_parameter"].sudo().set_param(f"{BRIDGE}.batch_size", "1")
        other = self._customer("Customer Two", self.term)
        for customer in self.customer | other:
            self._invoice(customer, TODAY - timedelta(days=20), 100)
        self.automation = self.env["collection.automation"].create({
            "name": "Two workers",
            "term_ids": [Command.set(self.term.ids)],
            "action_ids": [Command.create({"action_type": "create"})],
        })
        log = self.automation.run(TODAY)
        jobs = self._jobs()
        close = jobs.filtered(lambda job: job.method_name == "_collection_action_job")
        failing = (jobs - close).filtered(lambda job: job.args[0] == self.customer.ids)
        sibling = Job.load(self.env, (jobs - close - failing).uuid)
        sibling.set_started()
        sibling.store()
        self._fail(failing, log.action_id)
        self.assertEqual(close.state, "wait_dependencies", "the sibling is still started")
        self.assertEqual(close.dependencies["depends_on"], [sibling.uuid])
        # The sibling ends; its own release ran before the failure was committed.
        sibling.perform()
        sibling.set_done()
        sibling.store()
        self.env.invalidate_all()
        self.assertEqual(close.state, "wait_dependencies")
        self.env["queue.job"]._collection_enqueue_released([close.uuid])
        self.assertEqual(close.state, "pending")
        self.assertEqual(run_job(self.env, close).state, "done")
        self.assertEqual((log.state, log.created_count, log.failed_count), ("failed", 1, 1))
