package io.flotilla.release.job;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.flotilla.control.Gate;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.release.EventRecord;
import io.flotilla.release.ReleaseEvent.ReleaseEnded;
import io.flotilla.release.ReleaseEvent.SignalApplied;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseOwners;
import io.flotilla.release.store.ReleaseRecord;
import io.flotilla.release.store.TestTables;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageTable;
import io.flotilla.release.wave.ShutdownSignal;
import io.flotilla.support.MigratedDatabase;
import io.flotilla.timer.ReleaseTimers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decisions of {@link ReleaseJobListener} at the end of an execution, one branch per
 * test, with the real release tables on PostgreSQL, a real Quartz scheduler (in standby)
 * for the owner's instance id, and executions built by hand in the state a job would
 * leave them in.
 */
class ReleaseJobListenerIntegrationTests {

	private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

	private static final String SHUTDOWN = "stopped by a server shutdown after its last committed wave; resumes when a server starts";

	private static final String DATABASE = "stopped because the database was unavailable; resumes when it is back";

	private static final AtomicLong ids = new AtomicLong();

	private static final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private static MigratedDatabase database;

	private static Scheduler scheduler;

	private static ReleaseTable releases;

	private static StageTable stages;

	private static ReleaseOwners owners;

	private final List<Object> published = new CopyOnWriteArrayList<>();

	private ReleaseEventLog events;

	private ReleaseJobListener listener;

	private String releaseId;

	@BeforeAll
	static void database() throws SchedulerException {
		database = MigratedDatabase.latest();
		releases = TestTables.releases(database, clock);
		stages = TestTables.stages(database);
		Properties properties = new Properties();
		properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "listener-tests-" + UUID.randomUUID());
		properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
		properties.setProperty("org.quartz.threadPool.threadCount", "1");
		scheduler = new StdSchedulerFactory(properties).getScheduler();
		owners = new ReleaseOwners(database.jdbc(), scheduler, clock);
	}

	@AfterAll
	static void shutdown() throws SchedulerException {
		scheduler.shutdown();
	}

	@BeforeEach
	void listener() {
		this.events = TestTables.events(database, this.published::add);
		this.listener = new ReleaseJobListener(releases, stages, this.events, owners, new ShutdownSignal(), clock,
				new AutomaticRestarts(this.events, new ReleaseTimers(scheduler), clock));
		this.releaseId = "rel-" + ids.incrementAndGet();
	}

	@Test
	void beforeJobClaimsTheReleaseAndMovesItToRunning() {
		// given
		insert(ReleaseState.STARTING);

		// when
		this.listener.beforeJob(execution());

		// then
		assertThat(state()).isEqualTo(ReleaseState.RUNNING);
		assertThat(database.jdbc()
			.sql("SELECT owner FROM flotilla_release WHERE id = ?")
			.param(this.releaseId)
			.query(String.class)
			.single()).endsWith("/" + ProcessHandle.current().pid() + "/" + startMillis());
		assertThat(owners.ownedByAnotherLiveProcess(this.releaseId)).isFalse();
	}

	@Test
	void aCompletedExecutionCompletesTheReleaseAndRecordsItsEnd() {
		// given
		insert(ReleaseState.STARTING);
		JobExecution execution = begin();
		execution.setStatus(BatchStatus.COMPLETED);
		execution.setExitStatus(ExitStatus.COMPLETED);

		// when
		this.listener.afterJob(execution);

		// then
		assertThat(state()).isEqualTo(ReleaseState.COMPLETED);
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(ended()).containsExactly(new ReleaseEnded(this.releaseId, NOW, ReleaseState.COMPLETED, List.of()));
		assertThat(this.events.events(this.releaseId)).extracting(EventRecord::kind).containsExactly(ReleaseEnded.KIND);
	}

	@Test
	void anExecutionStoppedWhilePausingPausesTheReleaseWithThePausesReason() {
		// given: a pause signal came while the execution ran
		insert(ReleaseState.STARTING);
		JobExecution execution = begin();
		signal(Signal.PAUSE, ReleaseState.RUNNING, ReleaseState.PAUSING, "paused by alice: looks odd");
		execution.setStatus(BatchStatus.STOPPED);
		execution.setExitStatus(ExitStatus.STOPPED);

		// when
		this.listener.afterJob(execution);

		// then
		ReleaseRecord release = releases.find(this.releaseId).orElseThrow();
		assertThat(release.state()).isEqualTo(ReleaseState.PAUSED);
		assertThat(release.stateReason()).isEqualTo("paused by alice: looks odd");
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.STOPPED);
		assertThat(ended()).isEmpty();
	}

	@Test
	void anExecutionStoppedWhileRunningWithoutAReasonPausesTheRelease() {
		// given
		insert(ReleaseState.STARTING);
		JobExecution execution = begin();
		execution.setStatus(BatchStatus.STOPPED);
		execution.setExitStatus(ExitStatus.STOPPED);

		// when
		this.listener.afterJob(execution);

		// then
		assertThat(state()).isEqualTo(ReleaseState.PAUSED);
		assertThat(releases.find(this.releaseId).orElseThrow().stateReason()).isEqualTo("stopped");
	}

	@Test
	void anExecutionStoppedAtAGateThatASignalPassedMeanwhileLeavesTheReleaseRunning() {
		// given: the execution stopped at a gate, and a continue came before it ended
		insert(ReleaseState.STARTING);
		JobExecution execution = begin();
		assertThat(releases.awaitApproval(this.releaseId, Gate.STAGE, "eu", "waiting for approval of stage eu"))
			.isTrue();
		signal(Signal.CONTINUE, ReleaseState.AWAITING_APPROVAL, ReleaseState.RUNNING, "continued by bob");
		execution.setStatus(BatchStatus.STOPPED);
		execution.setExitStatus(ExitStatus.STOPPED);

		// when
		this.listener.afterJob(execution);

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.STOPPED);
		assertThat(state()).isEqualTo(ReleaseState.RUNNING);
		assertThat(releases.find(this.releaseId).orElseThrow().stateReason()).isEqualTo("continued by bob");
		assertThat(ended()).isEmpty();
	}

	@Test
	void aGoOnSignalRecordedBeforeTheExecutionBeganDoesNotCount() {
		// given: the release was resumed before this execution began
		insert(ReleaseState.FAILED);
		signal(Signal.RESUME, ReleaseState.FAILED, ReleaseState.RUNNING, "resumed by bob");
		JobExecution execution = begin();
		execution.setStatus(BatchStatus.STOPPED);
		execution.setExitStatus(ExitStatus.STOPPED);

		// when
		this.listener.afterJob(execution);

		// then
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo(ExitStatus.STOPPED.getExitCode());
		assertThat(state()).isEqualTo(ReleaseState.PAUSED);
	}

	@Test
	void anExecutionOfAReleaseBeingCancelledCancelsItAndIsAbandoned() {
		// given
		insert(ReleaseState.STARTING);
		JobExecution execution = begin();
		signal(Signal.CANCEL, ReleaseState.RUNNING, ReleaseState.CANCELLING, "cancelled by carol: wrong version");
		execution.setStatus(BatchStatus.STOPPED);
		execution.setExitStatus(ExitStatus.STOPPED);

		// when
		this.listener.afterJob(execution);

		// then
		ReleaseRecord release = releases.find(this.releaseId).orElseThrow();
		assertThat(release.state()).isEqualTo(ReleaseState.CANCELLED);
		assertThat(release.stateReason()).isEqualTo("cancelled by carol: wrong version");
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.ABANDONED);
		assertThat(ended()).containsExactly(new ReleaseEnded(this.releaseId, NOW, ReleaseState.CANCELLED, List.of()));
	}

	@Test
	void anExecutionEndingAfterACancelEndedTheReleaseRecordsTheEndOnce() {
		// given: the execution stopped for a bake, and a cancel of the baking release
		// ended it at once (the CANCELLED -> CANCELLED cell of the transition table)
		insert(ReleaseState.STARTING);
		JobExecution execution = begin();
		assertThat(releases.changeState(this.releaseId, Set.of(ReleaseState.RUNNING), ReleaseState.BAKING, "baking"))
			.isTrue();
		signal(Signal.CANCEL, ReleaseState.BAKING, ReleaseState.CANCELLED, "cancelled by carol");
		execution.setStatus(BatchStatus.STOPPED);
		execution.setExitStatus(ExitStatus.STOPPED);

		// when
		this.listener.afterJob(execution);

		// then
		assertThat(state()).isEqualTo(ReleaseState.CANCELLED);
		assertThat(releases.find(this.releaseId).orElseThrow().stateReason()).isEqualTo("cancelled by carol");
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.ABANDONED);
		assertThat(ended()).hasSize(1);
	}

	@Test
	void anExecutionThatFailedOnADatabaseOutageLeavesTheReleaseRunningToBeRestarted() {
		// given
		insert(ReleaseState.STARTING);
		JobExecution execution = begin();
		execution.setStatus(BatchStatus.FAILED);
		execution.setExitStatus(ExitStatus.FAILED.addExitDescription("Could not open JDBC Connection"));
		execution.addFailureException(new CannotCreateTransactionException("Could not open JDBC Connection",
				new SQLException("Connection refused", "08001")));

		// when
		this.listener.afterJob(execution);

		// then
		ReleaseRecord release = releases.find(this.releaseId).orElseThrow();
		assertThat(release.state()).isEqualTo(ReleaseState.RUNNING);
		assertThat(release.stateReason()).isEqualTo(DATABASE);
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(ended()).isEmpty();
	}

	@Test
	void anExecutionLeftUnknownByADatabaseOutageIsFailedSoItCanBeRestarted() {
		// given: a step that could not save its end
		insert(ReleaseState.STARTING);
		JobExecution execution = begin();
		execution.setStatus(BatchStatus.UNKNOWN);
		execution.addFailureException(new IllegalStateException("step failed",
				new DataAccessResourceFailureException("terminating connection",
						new SQLException("terminating connection due to administrator command", "57P01"))));

		// when
		this.listener.afterJob(execution);

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(state()).isEqualTo(ReleaseState.RUNNING);
		assertThat(releases.find(this.releaseId).orElseThrow().stateReason()).isEqualTo(DATABASE);
	}

	@Test
	void anExecutionStoppedByAServerShutdownLeavesTheReleaseRunning() {
		// given: the server's context closed, which tells the shutdown signal
		insert(ReleaseState.STARTING);
		ShutdownSignal shutdown;
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.registerBean(ShutdownSignal.class);
			context.refresh();
			shutdown = context.getBean(ShutdownSignal.class);
			assertThat(shutdown.isServerStopping()).isFalse();
		}
		assertThat(shutdown.isServerStopping()).isTrue();
		ReleaseJobListener listener = new ReleaseJobListener(releases, stages, this.events, owners, shutdown, clock,
				new AutomaticRestarts(this.events, new ReleaseTimers(scheduler), clock));
		JobExecution execution = execution();
		listener.beforeJob(execution);
		execution.setStatus(BatchStatus.STOPPED);
		execution.setExitStatus(ExitStatus.STOPPED);

		// when
		listener.afterJob(execution);

		// then
		ReleaseRecord release = releases.find(this.releaseId).orElseThrow();
		assertThat(release.state()).isEqualTo(ReleaseState.RUNNING);
		assertThat(release.stateReason()).isEqualTo(SHUTDOWN);
		assertThat(ended()).isEmpty();
	}

	@Test
	void anExecutionWhoseWaveThreadsWereInterruptedLeavesTheReleaseRunningLikeAShutdown() {
		// given
		insert(ReleaseState.STARTING);
		JobExecution execution = begin();
		execution.setStatus(BatchStatus.FAILED);
		execution.setExitStatus(ExitStatus.FAILED);
		execution.addFailureException(new IllegalStateException("wave failed", new InterruptedException()));

		// when
		this.listener.afterJob(execution);

		// then
		assertThat(state()).isEqualTo(ReleaseState.RUNNING);
		assertThat(releases.find(this.releaseId).orElseThrow().stateReason()).isEqualTo(SHUTDOWN);
	}

	@Test
	void anyOtherFailureFailsTheReleaseWithTheFirstLineOfTheExitDescription() {
		// given
		insert(ReleaseState.STARTING);
		JobExecution execution = begin();
		execution.setStatus(BatchStatus.FAILED);
		execution.setExitStatus(ExitStatus.FAILED
			.addExitDescription("java.lang.IllegalStateException: plan has no stage\n\tat io.flotilla.Somewhere"));
		execution.addFailureException(new IllegalStateException("plan has no stage"));

		// when
		this.listener.afterJob(execution);

		// then
		ReleaseRecord release = releases.find(this.releaseId).orElseThrow();
		assertThat(release.state()).isEqualTo(ReleaseState.FAILED);
		assertThat(release.stateReason()).isEqualTo("java.lang.IllegalStateException: plan has no stage");
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(ended()).containsExactly(new ReleaseEnded(this.releaseId, NOW, ReleaseState.FAILED, List.of()));
	}

	@Test
	void aFailureOfAnExecutionWhoseReleaseWasPausedMeanwhileFailsTheRelease() {
		// given: one group breached its stage's budget, an engineer paused the release,
		// and another group's wave then failed the execution
		insert(ReleaseState.STARTING);
		JobExecution execution = begin();
		assertThat(releases.changeState(this.releaseId, Set.of(ReleaseState.RUNNING), ReleaseState.BUDGET_EXCEEDED,
				"stage eu paused: 3 failed clusters over the budget of 2"))
			.isTrue();
		signal(Signal.PAUSE, ReleaseState.BUDGET_EXCEEDED, ReleaseState.PAUSED, "paused by alice");
		execution.setStatus(BatchStatus.FAILED);
		execution.setExitStatus(ExitStatus.FAILED.addExitDescription("java.lang.IllegalStateException: boom"));

		// when
		this.listener.afterJob(execution);

		// then
		assertThat(state()).isEqualTo(ReleaseState.FAILED);
		assertThat(releases.find(this.releaseId).orElseThrow().stateReason())
			.isEqualTo("java.lang.IllegalStateException: boom");
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
	}

	@Test
	void aFailureWithoutADescriptionFailsTheReleaseSayingFailed() {
		// given
		insert(ReleaseState.STARTING);
		JobExecution execution = begin();
		execution.setStatus(BatchStatus.FAILED);
		execution.setExitStatus(ExitStatus.FAILED);

		// when
		this.listener.afterJob(execution);

		// then
		assertThat(state()).isEqualTo(ReleaseState.FAILED);
		assertThat(releases.find(this.releaseId).orElseThrow().stateReason()).isEqualTo("failed");
	}

	@Test
	void aChangeTheTableRefusesFailsTheExecutionWithItsMessageAndLeavesTheReleaseAlone() {
		// given: a paused release whose execution says it completed
		insert(ReleaseState.PAUSED);
		JobExecution execution = execution();
		execution.setStatus(BatchStatus.COMPLETED);
		execution.setExitStatus(ExitStatus.COMPLETED);

		// when
		this.listener.afterJob(execution);

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo(ExitStatus.FAILED.getExitCode());
		assertThat(execution.getExitStatus().getExitDescription()).contains("illegal state change of release "
				+ this.releaseId + ": PAUSED -> COMPLETED is not in its transition table");
		assertThat(state()).isEqualTo(ReleaseState.PAUSED);
		assertThat(ended()).isEmpty();
	}

	private void insert(ReleaseState state) {
		releases.insert(new ReleaseRecord(this.releaseId, "plan", "plan.yaml", "name: plan\n", "25.3", state, null,
				"tester", NOW, NOW, null, null, null));
	}

	private JobExecution execution() {
		long id = ids.incrementAndGet();
		return new JobExecution(id, new JobInstance(id, ReleaseJob.NAME), ReleaseJob.parameters(this.releaseId));
	}

	/**
	 * An execution that began: the listener claimed the release and marked its log.
	 */
	private JobExecution begin() {
		JobExecution execution = execution();
		this.listener.beforeJob(execution);
		assertThat(state()).isEqualTo(ReleaseState.RUNNING);
		return execution;
	}

	/**
	 * What an engineer's signal does to the release: the change and its entry in the log.
	 */
	private void signal(Signal signal, ReleaseState before, ReleaseState after, String reason) {
		assertThat(releases.changeState(this.releaseId, Set.of(before), after, reason)).isTrue();
		this.events.record(new SignalApplied(this.releaseId, NOW, signal, "someone", reason, before, after));
	}

	private ReleaseState state() {
		return releases.find(this.releaseId).orElseThrow().state();
	}

	private List<ReleaseEnded> ended() {
		return this.published.stream()
			.filter(ReleaseEnded.class::isInstance)
			.map(ReleaseEnded.class::cast)
			.filter((event) -> event.releaseId().equals(this.releaseId))
			.toList();
	}

	private static long startMillis() {
		return ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
	}

}
