package dev.chorm.spring.twodb;

import dev.chorm.spring.EnableClickHouseJpa;
import dev.chorm.spring.twodb.events.Purchase;
import dev.chorm.spring.twodb.events.PurchaseRepository;
import dev.chorm.spring.twodb.shop.Customer;
import dev.chorm.spring.twodb.shop.CustomerRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.time.Instant;

@Service
public class ShopService {

    private final CustomerRepository customers;
    private final PurchaseRepository purchases;

    public ShopService(CustomerRepository customers, PurchaseRepository purchases) {
        this.customers = customers;
        this.purchases = purchases;
    }

    /** A PostgreSQL transaction: rolled back for real when it fails. */
    @Transactional
    public Customer signUp(String name, boolean fail) {
        Customer customer = customers.saveAndFlush(new Customer(name));
        if (fail) {
            throw new IllegalStateException("sign-up failed");
        }
        return customer;
    }

    @Transactional(EnableClickHouseJpa.TRANSACTION_MANAGER)
    public void recordPurchases(long customerId, BigDecimal... amounts) {
        for (BigDecimal amount : amounts) {
            purchases.save(new Purchase(customerId, amount, Instant.parse("2026-06-01T12:00:00Z")));
        }
    }
}
