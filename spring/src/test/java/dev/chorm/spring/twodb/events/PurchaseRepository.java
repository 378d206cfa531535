package dev.chorm.spring.twodb.events;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import java.math.BigDecimal;

public interface PurchaseRepository extends JpaRepository<Purchase, Long> {

    @Query("select coalesce(sum(p.amount), 0) from Purchase p where p.customerId = ?1")
    BigDecimal totalSpent(long customerId);
}
