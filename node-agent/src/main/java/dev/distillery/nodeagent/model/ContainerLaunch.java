package dev.distillery.nodeagent.model;

import java.util.List;
import java.util.Map;

/**
 * How one container process starts: its arguments (entrypoint and command resolved), environment,
 * working directory, user, what is mounted where, and whether the root filesystem is read-only.
 *
 * @param argv the program and its arguments, looked up on the container's PATH
 * @param env the environment
 * @param workingDir the absolute working directory inside the container
 * @param uid the user id
 * @param gid the group id
 * @param readOnlyRoot whether the image's root filesystem is mounted read-only
 * @param mounts volumes, in the order to mount them
 * @param terminationMessagePath where the container may write its termination message
 */
public record ContainerLaunch(
        List<String> argv,
        Map<String, String> env,
        String workingDir,
        long uid,
        long gid,
        boolean readOnlyRoot,
        List<Mount> mounts,
        String terminationMessagePath) {

    public ContainerLaunch {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        mounts = List.copyOf(mounts);
    }

    /**
     * A host folder or file mounted into the container.
     *
     * @param source the host path
     * @param target the absolute path inside the container
     * @param readOnly whether it is mounted read-only
     */
    public record Mount(String source, String target, boolean readOnly) {}
}
