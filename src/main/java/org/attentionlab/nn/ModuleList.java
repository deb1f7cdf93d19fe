package org.attentionlab.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An ordered list of modules named 0, 1, 2, ..., as {@code torch.nn.ModuleList} names them. */
public final class ModuleList<M extends Module> extends Module {
    private final List<M> items = new ArrayList<>();

    public M add(M module) {
        items.add(child(String.valueOf(items.size()), module));
        return module;
    }

    public M get(int i) {
        if (i < 0 || i >= items.size()) {
            throw new IllegalArgumentException("layer index must be in [0, " + items.size() + "), got " + i);
        }
        return items.get(i);
    }

    public int size() {
        return items.size();
    }

    public List<M> items() {
        return Collections.unmodifiableList(items);
    }
}
