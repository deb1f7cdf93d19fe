package org.attentionlab.kernel;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Registers Attention Lab's renderers in any JJava-based kernel that loads this jar (jjava finds
 * it through {@code META-INF/services/org.dflib.jjava.jupyter.Extension}); our own kernel installs
 * them the same way.
 */
public final class AttentionLabExtension implements Extension {
    @Override
    public void install(BaseKernel kernel) {
        Renderers.registerAll(kernel.getRenderer());
    }
}
