package dev.distillery.operator.model;

/** The labels and annotations the operator puts on the Jobs and pods it creates. */
public final class Labels {

    /** The Distillation a Job or pod belongs to. */
    public static final String DISTILLATION = "distillery.dev/distillation";

    /** The stage of the step a Job runs: teacher, soft-labels, student, baseline or report. */
    public static final String STAGE = "distillery.dev/stage";

    /** The student variant a student or baseline Job trains. */
    public static final String STUDENT = "distillery.dev/student";

    /** The step's name in the plan (an annotation: step names may exceed a label's 63). */
    public static final String STEP_ANNOTATION = "distillery.dev/step";

    /** Who manages the object. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    /** The value of {@link #MANAGED_BY}. */
    public static final String OPERATOR = "distillery-operator";

    /** The Kueue LocalQueue a Job is submitted to. */
    public static final String KUEUE_QUEUE = "kueue.x-k8s.io/queue-name";

    /** Istio's injection switch: a sidecar would keep a finished step's pod alive. */
    public static final String ISTIO_INJECT = "sidecar.istio.io/inject";

    /** The label the Job controller sets on each pod of a Job: the Job's name. */
    public static final String JOB_NAME = "batch.kubernetes.io/job-name";

    /** The annotation the Job controller sets on each pod of an Indexed Job. */
    public static final String COMPLETION_INDEX_ANNOTATION =
            "batch.kubernetes.io/job-completion-index";

    /**
     * Set by the operator on a Job it stopped because its pod could not start in time: the step's
     * failure message, read back as the step's result once the pod is gone.
     */
    public static final String FAILURE_ANNOTATION = "distillery.dev/failure";

    private Labels() {}
}
