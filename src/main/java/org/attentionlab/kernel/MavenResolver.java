package org.attentionlab.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves Maven coordinates with their runtime dependencies to jar files, the way {@code %maven}
 * needs: against the local repository ({@code ~/.m2/repository}, or {@code -Dmaven.repo.local}),
 * Maven Central, and any repository a notebook adds with {@code %mavenRepo}.
 *
 * <p>The repository system is built on first use: starting it costs a few hundred milliseconds
 * that a notebook without {@code %maven} should not pay.
 */
final class MavenResolver {
    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    private final List<RemoteRepository> repositories = new ArrayList<>();
    private final Path localRepository;
    private RepositorySystem system;

    MavenResolver(Path localRepository) {
        this.localRepository = localRepository;
        repositories.add(new RemoteRepository.Builder("central", "default", CENTRAL).build());
    }

    /** The local repository Maven itself would use here. */
    static Path defaultLocalRepository() {
        String p = System.getProperty("maven.repo.local");
        return p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** Adds (or replaces, by id) a remote repository. */
    void addRepository(String id, String url) {
        if (id.isBlank() || !(url.startsWith("http://") || url.startsWith("https://") || url.startsWith("file:"))) {
            throw new IllegalArgumentException("a repository needs an id and an http(s) or file URL, got id '"
                    + id + "', url '" + url + "'");
        }
        repositories.removeIf(r -> r.getId().equals(id));
        repositories.add(new RemoteRepository.Builder(id, "default", url).build());
    }

    List<String> repositoryUrls() {
        return repositories.stream().map(RemoteRepository::getUrl).toList();
    }

    /**
     * Parses {@code group:artifact[:extension[:classifier]]:version}; throws with the coordinate
     * quoted when it is malformed.
     */
    static Artifact artifact(String coordinates) {
        try {
            return new DefaultArtifact(coordinates.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad Maven coordinates '" + coordinates
                    + "': expected group:artifact[:extension[:classifier]]:version");
        }
    }

    /** The jars of {@code coordinates} and of their compile and runtime dependencies. */
    List<Path> resolve(List<Dependency> dependencies) throws DependencyResolutionException {
        return resolve(dependencies, null);
    }

    /** As {@link #resolve(List)}, reporting artifacts and downloads to {@code progress} (may be null). */
    List<Path> resolve(List<Dependency> dependencies, MavenProgress progress) throws DependencyResolutionException {
        if (dependencies.isEmpty()) {
            return List.of();
        }
        synchronized (this) {
            if (system == null) {
                system = new RepositorySystemSupplier().get();
            }
        }
        RepositorySystemSession.SessionBuilder builder = new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(localRepository);
        if (progress != null) {
            builder.setTransferListener(progress).setRepositoryListener(progress.artifactCounter());
        }
        try (RepositorySystemSession.CloseableSession session = builder.build()) {
            CollectRequest collect = new CollectRequest();
            collect.setRepositories(new ArrayList<>(repositories));
            dependencies.forEach(collect::addDependency);
            DependencyRequest request = new DependencyRequest(collect,
                    DependencyFilterUtils.classpathFilter(JavaScopes.COMPILE, JavaScopes.RUNTIME));
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult r : system.resolveDependencies(session, request).getArtifactResults()) {
                if (r.getArtifact() != null && r.getArtifact().getPath() != null) {
                    jars.add(r.getArtifact().getPath());
                }
            }
            return jars;
        }
    }

    /** Convenience: resolves coordinates in the runtime scope. */
    List<Path> resolveCoordinates(List<String> coordinates) throws DependencyResolutionException {
        return resolveCoordinates(coordinates, null);
    }

    List<Path> resolveCoordinates(List<String> coordinates, MavenProgress progress) throws DependencyResolutionException {
        List<Dependency> deps = new ArrayList<>();
        for (String c : coordinates) {
            deps.add(new Dependency(artifact(c), JavaScopes.RUNTIME));
        }
        return resolve(deps, progress);
    }
}
