# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""With queue_job: a process run, a reminder automation run and the document
queue are jobs of one batch each, on their channels, with identity keys; Run
now queues and says so; a job that fails for good is told where users look;
the forms show the progress."""

import traceback
from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account_collections_automation.models.collection_action import DOCUMENT_BATCH
from odoo.addons.account_collections_automation.tests.test_collection_process import (
    MODULE,
    STEPS,
    CollectionProcessCase,
)
from odoo.addons.account_collections_automation.tests.test_reminders import (
    TODAY,
    ReminderCommon,
)
from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.tests.common import trap_jobs

BRIDGE = "account_collections_automation_queue_job"


def run_job(env, job_record):
    """Perform a stored job as queue_job's controller does (in the test's
    transaction): started, then done and the jobs waiting for it released
    when their dependencies are done, or failed with the controller's failure
    values (kept, not raised)."""
    job = Job.load(env, job_record.uuid)
    job.set_started()
    job.store()
    try:
        with env.cr.savepoint():
            job.perform()
    except Exception as error:  # noqa: BLE001 -- recorded on the job, as queue_job does
        job = Job.load(env, job_record.uuid)
        job.set_failed(**RunJobController._get_failure_values(
            job, traceback.format_exc(), error))
        job.store()
    else:
        job.set_done(result=job.result)
        job.store()
        env.flush_all()
        RunJobController._enqueue_dependent_jobs(env, job)
    env.invalidate_all()
    return job


@tagged("post_install", "-at_install")
class TestProcessJobs(CollectionProcessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(f"{BRIDGE}.batch_size", "2")
        cls.process = cls._process("Queued process", cls.pool_a, 1, [
            {"sequence": 1, "name": "Call", "action_type": "activity", "timing": "after",
             "days": 5, "activity_summary": "Queued call"},
            {"sequence": 2, "name": "Mail", "action_type": "email", "timing": "after",
             "days": 15, "mail_template_id": cls.template.id},
        ])
        cls.customers = cls.env["res.partner"]
        for index in range(5):
            customer = cls._customer(f"Queued Customer {index}")
            cls._invoice(customer, due_in=-6 if index % 2 else -16)
            cls.customers |= customer

    def _jobs(self, kind="process"):
        return self.env["queue.job"].search(
            [("identity_key", "=like", f"collections.{kind}:%")], order="id")

    def test_a_run_is_one_job_per_batch_on_the_process_channel(self):
        with trap_jobs() as trap:
            actions = self.process.with_user(self.manager).run(self.today)
            self.assertFalse(actions, "the jobs take the actions, not the run")
            jobs = trap.enqueued_jobs
            self.assertEqual(len(jobs), 3, "5 customers in batches of 2")
            self.assertEqual({job.channel for job in jobs}, {"root.collections.process"})
            self.assertEqual({job.method_name for job in jobs}, {"_collection_run_job"})
            batches = [job.args[0] for job in jobs]
            self.assertEqual(sorted(sum(batches, [])), sorted(self.customers.ids))
            day = self.today.isoformat()
            for job, batch in zip(jobs, batches, strict=True):
                self.assertEqual(job.args[1], self.today)
                self.assertTrue(job.identity_key.startswith(
                    f"collections.process:{self.process.id}:{day}:{len(batch)}-"))
            self.assertEqual(len({job.identity_key for job in jobs}), 3)
            self.assertFalse(self.env["collection.action"].search(
                [("partner_id", "in", self.customers.ids)]), "nothing done yet")
            trap.perform_enqueued_jobs()
            actions = self.env["collection.action"].search(
                [("partner_id", "in", self.customers.ids)])
            self.assertEqual(len(actions), 5)
            self.assertEqual(sorted(set(actions.mapped("action_type"))), ["activity", "email"])
            # The e-mails are queued; their documents are a job of their own channel.
            documents = [job for job in trap.enqueued_jobs
                         if job.method_name == "_collection_documents_job"]
            self.assertTrue(documents)
            self.assertEqual({job.channel for job in documents}, {"root.collections.documents"})
            emails = actions.filtered(lambda a: a.action_type == "email")
            self.assertEqual(sorted(sum((job.recordset.ids for job in documents), [])),
                             sorted(emails.ids))
            self.assertEqual(set(emails.mapped("state")), {"queued"})
            trap.perform_enqueued_jobs()
            self.assertEqual(set(emails.mapped("state")), {"sending"})

    def test_the_same_batch_is_never_queued_twice_for_a_date(self):
        process = self.process.with_user(self.manager)
        process.run(self.today)
        jobs = self._jobs()
        self.assertEqual(len(jobs), 3)
        self.assertEqual(set(jobs.mapped("state")), {"pending"})
        process.run(self.today)
        self.env["collection.process"]._cron_run_processes()
        self.assertEqual(self._jobs(), jobs, "queued already: nothing more")
        for job in jobs:
            self.assertEqual(run_job(self.env, job).state, "done")
        process.run(self.today)
        self.assertEqual(self._jobs(), jobs, "done already for that date: nothing more")
        self.assertEqual(self.env["collection.action"].search_count(
            [("partner_id", "in", self.customers.ids)]), 5)
        process.run(self.today + timedelta(days=1))
        self.assertEqual(len(self._jobs() - jobs), 3, "another date: its own jobs")

    def test_the_document_queue_is_jobs_of_a_batch_each_never_done_twice(self):
        # A batch run here (as a job does): its e-mails are queued, and a job
        # of the documents channel is queued for them.
        actions = self.process.with_user(self.manager).with_context(
            collection_inline=True).run(self.today)
        emails = actions.filtered(lambda a: a.action_type == "email")
        self.assertEqual(set(emails.mapped("state")), {"queued"})
        run_jobs = self._jobs("documents")
        self.assertEqual(len(run_jobs), 1)
        self.assertEqual((run_jobs.channel, run_jobs.method_name),
                         ("root.collections.documents", "_collection_documents_job"))
        self.assertEqual(sorted(run_jobs.records.ids), sorted(emails.ids))
        # The hourly cron queues every queued action (the demo run's too) in
        # batches; not those sent with another's communication (no document).
        Action = self.env["collection.action"]
        queued = Action.search([("state", "=", "queued"), ("parent_id", "=", False)])
        Action._cron_produce_documents()
        cron_jobs = self._jobs("documents") - run_jobs
        self.assertEqual(len(cron_jobs), -(-len(queued) // DOCUMENT_BATCH))
        self.assertEqual(sorted(sum((job.records.ids for job in cron_jobs), [])),
                         sorted(queued.ids))
        Action._cron_produce_documents()
        self.assertEqual(self._jobs("documents"), run_jobs | cron_jobs, "never queued twice")
        # Both jobs hold the run's e-mails: each e-mail is produced once.
        for job in run_jobs | cron_jobs:
            self.assertEqual(run_job(self.env, job).state, "done")
        self.assertEqual(set(emails.mapped("state")), {"sending"})
        self.assertEqual(len(emails.mail_message_id), len(emails))
        for email in emails:
            self.assertEqual(self.env["mail.message"].search_count([
                ("model", "=", "res.partner"), ("res_id", "=", email.partner_id.id),
                ("message_type", "=", "comment")]), 1, "one e-mail per customer")
        self.assertFalse(Action.search_count([("state", "=", "queued")]))

    def test_a_batch_jobs_queries_do_not_grow_with_customers(self):
        """Job mode keeps the run's query count: a batch job's queries (its
        actions, activities, history and the documents' job) are per batch,
        as ``test_run_query_count_does_not_grow_with_customers`` checks inline;
        and queuing a run is a few queries per batch."""
        def count_queries(count):
            self.env["ir.config_parameter"].sudo().set_param(f"{BRIDGE}.batch_size", str(count))
            pool = self.env["collection.pool"].create({
                "name": f"Job count {count}", "company_id": self.company_a.id,
                "partner_domain": f"[('ref', '=', 'JOBCOUNT{count}')]"})
            steps = [dict(step) for step in STEPS]
            steps[1]["mail_template_id"] = self.template.id
            process = self._process(f"Job count {count}", pool, 300 + count, steps)
            for index in range(count):
                customer = self._customer(f"Job count {count} {index}", ref=f"JOBCOUNT{count}")
                self._invoice(customer, due_in=(-6, -16, -31)[index % 3])
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            process.with_user(self.manager).run(self.today)
            queuing = self.env.cr.sql_log_count - before
            job = self.env["queue.job"].search(
                [("identity_key", "=like", f"collections.process:{process.id}:%")])
            self.assertEqual(len(job), 1, "one batch")
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.assertEqual(run_job(self.env, job).state, "done")
            running = self.env.cr.sql_log_count - before
            self.assertEqual(self.env["collection.action"].search_count(
                [("process_id", "=", process.id)]), count)
            return queuing, running
        few_queuing, few_running = count_queries(3)
        many_queuing, many_running = count_queries(12)
        self.assertLessEqual(many_queuing, few_queuing + 2)
        self.assertLessEqual(many_running, few_running + 2)

    def test_actions_sent_with_another_communication_get_no_job(self):
        """One communication per customer per run: a customer's second
        pre-reminder is sent with the first's e-mail (its parent) and has no
        document of its own; a job for it would do nothing. Only the leads
        are queued: 26 customers' 26 e-mails fit in one job (the 52 actions
        made two, the second for nothing but covered actions' ids)."""
        pre_template = self.env.ref(f"{MODULE}.mail_template_collection_pre_reminder")
        process = self._process("Queued pre-reminders", self.pool_a_vip, 2, [
            {"sequence": 1, "name": "Heads-up", "action_type": "email", "timing": "before",
             "days": 5, "pre_reminder": True, "mail_template_id": pre_template.id},
        ])
        customers = self.env["res.partner"]
        for index in range(DOCUMENT_BATCH // 2 + 1):
            customer = self._customer(f"Two Soon {index}", ref="COLLVIP")
            self._invoice(customer, due_in=2)
            self._invoice(customer, due_in=4)
            customers |= customer
        actions = process.with_user(self.manager).with_context(
            collection_inline=True).run(self.today)
        leads = actions.filtered(lambda action: not action.parent_id)
        self.assertEqual(len(actions), 2 * len(customers))
        self.assertEqual(len(leads), len(customers))
        self.assertEqual(leads.partner_id, customers)
        self.assertEqual(actions - leads, leads.child_ids)
        self.assertEqual(set(actions.mapped("state")), {"queued"})
        jobs = self._jobs("documents")
        self.assertEqual(len(jobs), 1, "the leads only, in one job")
        self.assertEqual(sorted(jobs.records.ids), sorted(leads.ids))
        # The hourly cron does not queue the covered actions either.
        Action = self.env["collection.action"]
        Action._cron_produce_documents()
        queued = sum((job.records.ids for job in self._jobs("documents") - jobs), [])
        self.assertTrue(queued, "the queued leads, the demo run's too")
        self.assertFalse(Action.browse(queued).filtered("parent_id"))
        self.assertFalse(set(queued) & set((actions - leads).ids))
        # The lead's job sends the covered actions' e-mail with its own.
        self.assertEqual(run_job(self.env, jobs).state, "done")
        self.assertEqual(set(actions.mapped("state")), {"sending"})
        for lead in leads:
            self.assertEqual(lead.child_ids.mail_message_id, lead.mail_message_id)

    def test_run_now_queues_and_says_so_and_the_form_shows_the_progress(self):
        process = self.process.with_user(self.manager)
        result = process.action_run()
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("3 jobs queued on channel root.collections.process",
                      result["params"]["message"])
        self.assertEqual((process.collection_job_date, process.collection_job_total,
                          process.collection_job_done, process.collection_job_progress),
                         (self.today, 3, 0, 0.0))
        run_job(self.env, self._jobs()[0])
        process.invalidate_recordset()
        self.assertEqual((process.collection_job_done, process.collection_job_total), (1, 3))
        self.assertAlmostEqual(process.collection_job_progress, 100.0 / 3)
        again = process.action_run()
        self.assertIn("Nothing to queue", again["params"]["message"])

    def test_a_failed_job_is_told_on_the_process_with_its_error(self):
        self.process.with_user(self.manager).run(self.today)
        job = self._jobs()[0]
        # The manager who queued the run lost the collections rights meanwhile.
        self.manager.groups_id = [Command.unlink(
            self.env.ref(f"{MODULE}.group_collections_manager").id)]
        done = run_job(self.env, job)
        self.assertEqual(done.state, "failed")
        self.assertEqual(done.exc_name, "odoo.exceptions.AccessError")
        message = self.process.message_ids.filtered(
            lambda m: "Collections job failed" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn(done.exc_message.split("\n")[0][:40], message.body)
        self.process.invalidate_recordset()
        self.assertEqual(self.process.collection_job_failed, 1)
        self.assertFalse(self.env["collection.action"].search(
            [("partner_id", "in", job.args[0])]), "nothing of the failed batch kept")


@tagged("post_install", "-at_install")
class TestAutomationJobs(ReminderCommon):
    def _automation(self, actions, **values):
        return self.env["collection.automation"].create({
            "name": "Queued automation",
            "term_ids": [Command.set(self.term.ids)],
            "action_ids": [Command.create(vals) for vals in actions],
            **values,
        })

    def test_a_run_is_a_chain_of_jobs_on_the_reminders_channel(self):
        self.env["ir.config_parameter"].sudo().set_param(f"{BRIDGE}.batch_size", "1")
        other = self._customer("Customer Two", self.term)
        for customer in self.customer | other:
            self._invoice(customer, TODAY - timedelta(days=20), 100)
        automation = self._automation([
            {"sequence": 1, "action_type": "create"},
            {"sequence": 2, "action_type": "issue"},
        ])
        with trap_jobs() as trap:
            logs = automation.run(TODAY)
            self.assertEqual(logs.mapped("state"), ["running", "running"])
            jobs = trap.enqueued_jobs
            self.assertEqual({job.channel for job in jobs}, {"root.collections.reminders"})
            create_jobs = [job for job in jobs if job.method_name == "_collection_create_job"]
            self.assertEqual(len(create_jobs), 2, "one job per customer (batches of 1)")
            self.assertEqual(sorted(job.args[0][0] for job in create_jobs),
                             sorted((self.customer | other).ids))
            keys = {job.identity_key for job in jobs}
            self.assertEqual(len(keys), 4, "two batches, closing the create, issue")
            self.assertTrue(all(key.startswith(
                f"collections.reminders:{automation.id}:{TODAY.isoformat()}:") for key in keys))
            trap.perform_enqueued_jobs()
        create_log, issue_log = logs
        self.assertEqual((create_log.state, create_log.created_count), ("done", 2))
        self.assertEqual((issue_log.state, issue_log.issued_count), ("done", 2))
        reminders = self.env["collection.reminder"].search([("automation_id", "=", automation.id)])
        self.assertEqual(set(reminders.mapped("state")), {"issued"})

    def test_run_now_queues_and_a_failed_job_shows_in_the_log(self):
        self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        automation = self._automation([{"sequence": 1, "action_type": "create"}])
        result = automation.action_start()
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("root.collections.reminders", result["params"]["message"])
        self.assertEqual(automation.state, "draft")
        jobs = self.env["queue.job"].sudo().search(
            [("identity_key", "=like", f"collections.reminders:{automation.id}:%")],
            order="id")
        create_job = jobs.filtered(lambda job: job.method_name == "_collection_create_job")
        close_job = jobs - create_job
        self.assertEqual((len(create_job), close_job.method_name),
                         (1, "_collection_action_job"))
        self.assertEqual(close_job.state, "wait_dependencies", "after the batches")
        self.assertEqual(automation.collection_job_total, 2)
        # Before the job runs, its filter names a field that is gone (the module
        # that added it was uninstalled): the job fails for good.
        self.env.cr.execute(
            "UPDATE collection_automation_action SET filter_domain = %s WHERE id = %s",
            ["[('x_gone', '=', 1)]", automation.action_ids.id])
        automation.action_ids.invalidate_recordset()
        failed = run_job(self.env, create_job)
        self.assertEqual(failed.state, "failed")
        self.assertEqual(failed.exc_name, "odoo.exceptions.ValidationError")
        log = automation.sudo().log_ids
        self.assertEqual(log.state, "failed")
        self.assertEqual(log.message, failed.exc_message)
        self.assertIn("x_gone", log.message)
        self.assertIn("x_gone", automation.message_ids[:1].body, "told on the chatter")
        # Without stop on error the run goes on (as inline): the closing job
        # runs, and the log keeps its failure.
        self.assertEqual(close_job.state, "pending", "not held by the failed batch")
        self.assertEqual(run_job(self.env, close_job).state, "done")
        self.assertEqual((log.state, log.message, log.failed_count, log.created_count),
                         ("failed", failed.exc_message, 1, 0))
        automation = automation.sudo()
        automation.invalidate_recordset()
        self.assertEqual((automation.collection_job_failed, automation.collection_job_done),
                         (1, 1))

    def test_stop_on_error_holds_across_the_jobs(self):
        self.company_a.sudo().collection_fee_account_id = False
        invoice = self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        self._receivable(invoice).write({
            "collection_reminder_level": 1,
            "collection_last_reminder_date": TODAY - timedelta(days=15)})
        automation = self._automation([
            {"sequence": 1, "action_type": "create"},
            {"sequence": 2, "action_type": "issue", "stop_on_error": True},
            {"sequence": 3, "action_type": "send"},
        ])
        with trap_jobs() as trap:
            logs = automation.run(TODAY)
            trap.perform_enqueued_jobs()
        self.assertEqual(logs.mapped("state"), ["done", "failed", "stopped"])
        self.assertIn("Reminder Fee Income Account", logs[1].line_ids.message)
        self.assertEqual(logs[2].sent_count, 0)
