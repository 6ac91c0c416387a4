package io.flotilla.console.admin;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The release job as the JobRepository holds it, in the shapes the batch pages show. An
 * execution is read through the repository's own methods, so its page shows what Spring
 * Batch itself will restart from.
 */
@Component
class ReleaseJobs {

	/**
	 * {@code ReleaseJob.NAME}, which the package rules keep out of the console's reach.
	 */
	static final String JOB = "release";

	/** The job parameter that tells releases apart. */
	static final String RELEASE_ID = "release.id";

	/** Long enough for an id list or a timestamp, short enough to keep a row one line. */
	private static final int VALUE_LENGTH = 200;

	private final JobRepository repository;

	private final JdbcClient jdbc;

	ReleaseJobs(JobRepository repository, JdbcClient jdbc) {
		this.repository = repository;
		this.jdbc = jdbc;
	}

	/**
	 * One page of the release job's instances, newest first, each with its latest
	 * execution. This is the one read not made through the JobRepository: its
	 * {@code getLastJobExecution} also loads the execution's context, its step executions
	 * and each one's context, a statement per step for every release on the page, where
	 * the list needs one row per release. One statement reads the page instead.
	 */
	Page<Instance> instances(int page, int size) {
		List<Instance> rows = this.jdbc.sql("""
				WITH page AS (
					SELECT JOB_INSTANCE_ID FROM BATCH_JOB_INSTANCE WHERE JOB_NAME = ?
					ORDER BY JOB_INSTANCE_ID DESC LIMIT ? OFFSET ?),
				latest AS (
					SELECT DISTINCT ON (e.JOB_INSTANCE_ID) e.JOB_INSTANCE_ID, e.JOB_EXECUTION_ID, e.STATUS,
						e.START_TIME, e.END_TIME
					FROM BATCH_JOB_EXECUTION e JOIN page USING (JOB_INSTANCE_ID)
					ORDER BY e.JOB_INSTANCE_ID, e.JOB_EXECUTION_ID DESC)
				SELECT page.JOB_INSTANCE_ID, latest.JOB_EXECUTION_ID, latest.STATUS, latest.START_TIME,
					latest.END_TIME, p.PARAMETER_VALUE AS RELEASE_ID
				FROM page LEFT JOIN latest USING (JOB_INSTANCE_ID)
				LEFT JOIN BATCH_JOB_EXECUTION_PARAMS p
					ON p.JOB_EXECUTION_ID = latest.JOB_EXECUTION_ID AND p.PARAMETER_NAME = ?
				ORDER BY page.JOB_INSTANCE_ID DESC""")
			.params(JOB, size + 1, (long) page * size, RELEASE_ID)
			.query((rs, row) -> new Instance(rs.getLong("JOB_INSTANCE_ID"), rs.getString("RELEASE_ID"),
					rs.getObject("JOB_EXECUTION_ID", Long.class), rs.getString("STATUS"),
					instant(rs.getObject("START_TIME", LocalDateTime.class)),
					instant(rs.getObject("END_TIME", LocalDateTime.class))))
			.list();
		return Page.of(rows, page, size);
	}

	/**
	 * The execution, when it is one of the release job's.
	 */
	Optional<Execution> execution(long id) {
		try {
			return Optional.of(this.repository.getJobExecution(id))
				.filter((execution) -> JOB.equals(execution.getJobInstance().getJobName()))
				.map(this::execution);
		}
		catch (EmptyResultDataAccessException ex) {
			return Optional.empty();
		}
	}

	private Execution execution(JobExecution execution) {
		List<Attempt> attempts = this.repository.getJobExecutions(execution.getJobInstance())
			.stream()
			.sorted(Comparator.comparingLong(JobExecution::getId).reversed())
			.map((attempt) -> new Attempt(attempt.getId(), attempt.getStatus().name(), instant(attempt.getStartTime())))
			.toList();
		List<Step> steps = execution.getStepExecutions()
			.stream()
			.sorted(Comparator.comparingLong(StepExecution::getId))
			.map(ReleaseJobs::step)
			.toList();
		List<Entry> parameters = execution.getJobParameters()
			.parameters()
			.stream()
			.map((parameter) -> new Entry(parameter.name(), shorten(String.valueOf(parameter.value()))))
			.sorted(Comparator.comparing(Entry::key))
			.toList();
		return new Execution(execution.getId(), execution.getJobInstance().getInstanceId(), releaseId(execution),
				execution.getStatus().name(), execution.getExitStatus().getExitCode(),
				execution.getExitStatus().getExitDescription(), instant(execution.getCreateTime()),
				instant(execution.getStartTime()), instant(execution.getEndTime()), parameters,
				entries(execution.getExecutionContext()), steps, attempts);
	}

	private static Step step(StepExecution step) {
		return new Step(step.getId(), step.getStepName(), step.getStatus().name(), step.getExitStatus().getExitCode(),
				step.getExitStatus().getExitDescription(), step.getReadCount(), step.getWriteCount(),
				step.getCommitCount(), step.getRollbackCount(), step.getFilterCount(), step.getSkipCount(),
				instant(step.getStartTime()), instant(step.getEndTime()), entries(step.getExecutionContext()));
	}

	private static String releaseId(JobExecution execution) {
		return execution.getJobParameters().getString(RELEASE_ID);
	}

	private static List<Entry> entries(ExecutionContext context) {
		return context.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((entry) -> new Entry(entry.getKey(), shorten(String.valueOf(entry.getValue()))))
			.toList();
	}

	private static String shorten(String value) {
		return (value.length() > VALUE_LENGTH)
				? value.substring(0, VALUE_LENGTH) + "… (" + value.length() + " characters)" : value;
	}

	/**
	 * The console's badge class for a BatchStatus: a STOPPED execution is a release
	 * waiting, not a fault.
	 */
	static String badge(String status) {
		return switch (status) {
			case "COMPLETED" -> "done";
			case "STARTING", "STARTED", "STOPPING" -> "active";
			case "STOPPED" -> "timed";
			default -> "bad";
		};
	}

	/**
	 * Spring Batch records local times of the server's zone; the console shows instants.
	 */
	private static Instant instant(LocalDateTime time) {
		return (time != null) ? time.atZone(ZoneId.systemDefault()).toInstant() : null;
	}

	/**
	 * A JobInstance: one release, and its latest attempt.
	 */
	record Instance(long id, String releaseId, Long lastExecutionId, String lastStatus, Instant lastStarted,
			Instant lastEnded) {

		public String badge() {
			return (this.lastStatus != null) ? ReleaseJobs.badge(this.lastStatus) : "";
		}

	}

	record Execution(long id, long instanceId, String releaseId, String status, String exitCode, String exitDescription,
			Instant created, Instant started, Instant ended, List<Entry> parameters, List<Entry> context,
			List<Step> steps, List<Attempt> attempts) {

		public String badge() {
			return ReleaseJobs.badge(this.status);
		}

	}

	record Step(long id, String name, String status, String exitCode, String exitDescription, long read, long written,
			long commits, long rollbacks, long filtered, long skipped, Instant started, Instant ended,
			List<Entry> context) {

		public String badge() {
			return ReleaseJobs.badge(this.status);
		}

	}

	/**
	 * One of the instance's executions, for the links between attempts.
	 */
	record Attempt(long id, String status, Instant started) {

		public String badge() {
			return ReleaseJobs.badge(this.status);
		}

	}

	record Entry(String key, String value) {
	}

}
