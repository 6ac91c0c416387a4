package io.flotilla.console.admin;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.flotilla.release.ReleaseException;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.NoSuchJobException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/**
 * The release job as the JobRepository holds it, in the shapes the batch pages show. Only
 * the repository's read methods are used, so the pages show what Spring Batch itself will
 * restart from.
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

	ReleaseJobs(JobRepository repository) {
		this.repository = repository;
	}

	/**
	 * One page of the release job's instances, newest first.
	 */
	Page<Instance> instances(int page, int size) {
		List<Instance> instances = this.repository.getJobInstances(JOB, page * size, size)
			.stream()
			.map(this::instance)
			.toList();
		return new Page<>(instances, page, (long) (page + 1) * size < count());
	}

	/**
	 * @throws ReleaseException NOT_FOUND unless it is an execution of the release job
	 */
	Execution execution(long id) {
		return Optional.ofNullable(this.repository.getJobExecution(id))
			.filter((execution) -> JOB.equals(execution.getJobInstance().getJobName()))
			.map(this::execution)
			.orElseThrow(() -> new ReleaseException(ReleaseException.Reason.NOT_FOUND,
					"no job execution " + id + " of a release"));
	}

	private long count() {
		try {
			return this.repository.getJobInstanceCount(JOB);
		}
		catch (NoSuchJobException ex) {
			return 0;
		}
	}

	private Instance instance(JobInstance instance) {
		JobExecution last = this.repository.getLastJobExecution(instance);
		if (last == null) {
			return new Instance(instance.getInstanceId(), null, null, null, null, null);
		}
		return new Instance(instance.getInstanceId(), releaseId(last), last.getId(), last.getStatus().name(),
				instant(last.getStartTime()), instant(last.getEndTime()));
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
