package org.attentionlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CooldownTest {

    @Test
    void keepsTheBaseRateUntilTheCooldownThenFallsLinearlyToZero() {
        LearningRateSchedule s = new Cooldown(new ConstantSchedule(0.01), 100, 10);
        assertEquals(0.01, s.rate(1), 1e-15);
        assertEquals(0.01, s.rate(91), 1e-15);      // 10 steps left, this one included: full rate
        assertEquals(0.005, s.rate(96), 1e-15);     // 5 left
        assertEquals(0.001, s.rate(100), 1e-15);    // the last step still moves
        assertEquals(0.0, s.rate(101), 0.0);        // past the end (a resumed run extended by hand)
    }

    @Test
    void scalesThePapersScheduleToo() {
        NoamSchedule noam = new NoamSchedule(64, 10, 1.0);
        LearningRateSchedule s = TrainingConfig.builder().steps(50).warmup(10).learningRate(1.0).cooldown(20)
                .build().schedule(64);
        assertEquals(noam.rate(30), s.rate(30), 1e-15);
        assertEquals(noam.rate(41) * 10 / 20.0, s.rate(41), 1e-15);
    }

    @Test
    void rejectsACooldownLongerThanTheRun() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().steps(10).cooldown(11).build());
        assertEquals("cooldown must be between 0 and steps (10), got 11", e.getMessage());
    }
}
